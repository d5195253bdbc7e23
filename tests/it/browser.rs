//! The agent console in a real browser: Debian's Chromium, headless, driven by playwright-core
//! (tests/browser/console.mjs, installed by scripts/install-browser.sh). A Spanish buyer asks for
//! a person; the agent sees it appear live, claims it, replies in English; the buyer receives
//! the reply in Spanish, translated by the local language model; the agent resolves. Screenshots
//! go to `$CARGO_TARGET_TMPDIR/browser`. scripts/test.sh installs the browser, starts the model
//! and sets KEFU_TEST_BROWSER and KEFU_TEST_LLM_URL.

use std::time::Duration;

use crate::drivers::{PASSWORD, Running};
use crate::support::{demo_shops, spawn_app_with, spawn_app_with_shops};

#[tokio::test]
async fn an_agent_answers_a_spanish_buyer_from_the_console_in_a_real_browser() {
    let (Ok(llm), Ok(_)) = (std::env::var("KEFU_TEST_LLM_URL"), std::env::var("KEFU_TEST_BROWSER")) else {
        eprintln!(
            "KEFU_TEST_BROWSER or KEFU_TEST_LLM_URL is not set: skipping the browser test (scripts/test.sh sets both)"
        );
        return;
    };
    let app = spawn_app_with(|s| {
        s.llm.base_url = llm;
        s.llm.timeout = Duration::from_secs(90);
        s.pipeline.turn_timeout = Duration::from_secs(120);
    })
    .await;
    app.admin().add_agent("ana", "shop_admin", &["test-shop"]).await;

    let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/console.mjs");
    let run = tokio::process::Command::new("node")
        .arg(&script)
        .env("KEFU_URL", format!("http://{}", app.addr))
        .env("KEFU_AGENT_EMAIL", "ana@example.com")
        .env("KEFU_AGENT_PASSWORD", PASSWORD)
        .env("KEFU_SHOP", "test-shop")
        .env("KEFU_BUYER_TEXT", "Hola, quiero hablar con una persona, por favor")
        .env("KEFU_BUYER_LANGUAGE", "es")
        .env("KEFU_ARTIFACTS", &artifacts)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(240), run)
        .await
        .expect("the browser test finishes within 4 minutes")
        .expect("node runs (scripts/install-browser.sh installs what it needs)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "the browser test failed:\n{stdout}\n{stderr}");
    for metric in ["handoff_visible_ms=", "agent_message_ms="] {
        assert!(stdout.contains(metric), "{metric} missing:\n{stdout}");
    }
    let shots = std::fs::read_dir(&artifacts).map(|d| d.count()).unwrap_or(0);
    assert!(shots >= 2, "screenshots in {}", artifacts.display());
    app.shutdown().await;
}

/// The storefront widget on the demo storefronts, in a real browser (tests/browser/widget.mjs):
/// a Chinese buyer and a Spanish one get answers in their languages as they stream; the
/// connection drops and comes back with nothing lost or sent twice; a request for a person
/// shows the hand-off; an Arabic phone screen is laid out right to left. Screenshots go to
/// `$CARGO_TARGET_TMPDIR/browser`.
#[tokio::test]
async fn buyers_chat_through_the_widget_on_a_demo_storefront_in_a_real_browser() {
    if std::env::var("KEFU_TEST_BROWSER").is_err() {
        eprintln!("KEFU_TEST_BROWSER is not set: skipping the widget's browser test (scripts/test.sh sets it)");
        return;
    }
    let mut shops: Vec<(String, std::path::PathBuf)> =
        ["guilin-rattan", "vela-moda"].map(|shop| (shop.to_owned(), demo_shops().join(shop))).to_vec();
    shops.push(("presale-shop".to_owned(), crate::support::fixtures().join("presale-shop")));
    let app = spawn_app_with_shops(&shops, |s| s.widget.demo_pages = true).await;
    let artifacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/widget.mjs");
    let run = tokio::process::Command::new("node")
        .arg(&script)
        .env("KEFU_URL", format!("http://{}", app.addr))
        .env("KEFU_SHOP_ZH", "guilin-rattan")
        .env("KEFU_SHOP_ES", "vela-moda")
        .env("KEFU_PRODUCT_SHOP", "presale-shop")
        .env("KEFU_PRODUCT_SKU", "RR-JKT")
        .env("KEFU_ASK_PRODUCT", "¿Es impermeable?")
        .env("KEFU_PRODUCT_FACT", "10,000 mm hydrostatic head")
        .env("KEFU_ARTIFACTS", &artifacts)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(540), run)
        .await
        .expect("the widget's browser test finishes within 9 minutes")
        .expect("node runs (scripts/install-browser.sh installs what it needs)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "the widget's browser test failed:\n{stdout}\n{stderr}");
    for metric in ["widget_gzip_bytes=", "time_to_interactive_ms="] {
        assert!(stdout.contains(metric), "{metric} missing:\n{stdout}");
    }
    app.shutdown().await;
}
