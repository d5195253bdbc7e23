#![allow(clippy::result_large_err, reason = "figment's Jail closures return its large error type")]

use std::path::PathBuf;

use figment::Jail;

use super::{LoadOptions, LogFormat, Settings};

fn options(jail: &Jail) -> LoadOptions {
    LoadOptions {
        config_dir: Some(jail.directory().join("config")),
        env_name: Some("staging".into()),
        ..LoadOptions::default()
    }
}

#[test]
fn defaults_are_valid() {
    let settings = Settings::defaults();
    assert_eq!(settings.server.listen.port(), 8080);
    assert_eq!(settings.chat.read_buffer_bytes, 1024);
    assert_eq!(settings.telemetry.format, LogFormat::Pretty);
}

#[test]
fn layers_apply_in_order() {
    Jail::expect_with(|jail| {
        jail.create_dir("config")?;
        jail.create_file(
            "config/staging.toml",
            "[server]\nlisten = \"127.0.0.1:9000\"\n[telemetry]\nformat = \"json\"\n",
        )?;
        jail.create_file("config/local.toml", "[server]\nlisten = \"127.0.0.1:9001\"\n")?;
        jail.set_env("KEFU__CHAT__MAX_MESSAGE_CHARS", "500");
        let settings = Settings::load(&options(jail)).expect("loads");
        assert_eq!(settings.server.listen.port(), 9001, "local.toml beats staging.toml");
        assert_eq!(settings.telemetry.format, LogFormat::Json, "staging.toml beats the default");
        assert_eq!(settings.chat.max_message_chars, 500, "the environment beats files");
        Ok(())
    });
}

#[test]
fn data_dir_flag_beats_everything() {
    Jail::expect_with(|jail| {
        jail.set_env("KEFU__STORAGE__DATA_DIR", "/from/env");
        let settings = Settings::load(&LoadOptions { data_dir: Some(PathBuf::from("/from/flag")), ..options(jail) })
            .expect("loads");
        assert_eq!(settings.storage.data_dir, PathBuf::from("/from/flag"));
        Ok(())
    });
}

#[test]
fn a_bad_type_names_the_key_and_the_file() {
    Jail::expect_with(|jail| {
        jail.create_dir("config")?;
        jail.create_file("config/local.toml", "[chat]\nmax_message_chars = \"lots\"\n")?;
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("chat.max_message_chars"), "{err}");
        assert!(err.contains("local.toml"), "{err}");
        Ok(())
    });
}

#[test]
fn a_bad_value_from_the_environment_says_so() {
    Jail::expect_with(|jail| {
        jail.set_env("KEFU__PIPELINE__HANDOFF_THRESHOLD", "1.5");
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("pipeline.handoff_threshold"), "{err}");
        assert!(err.contains("environment"), "{err}");
        Ok(())
    });
}

#[test]
fn an_unknown_key_is_an_error_not_ignored() {
    Jail::expect_with(|jail| {
        jail.create_dir("config")?;
        jail.create_file("config/local.toml", "[server]\nlistn = \"127.0.0.1:1\"\n")?;
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("listn"), "{err}");
        Ok(())
    });
}

#[test]
fn a_bad_duration_and_a_bad_address_are_both_reported() {
    Jail::expect_with(|jail| {
        jail.create_dir("config")?;
        jail.create_file("config/local.toml", "[server]\nlisten = \"nowhere\"\nshutdown_grace = \"soon\"\n")?;
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("server.listen"), "{err}");
        Ok(())
    });
}

#[test]
fn relations_between_keys_are_checked() {
    Jail::expect_with(|jail| {
        jail.set_env("KEFU__CHAT__MAX_FRAME_BYTES", "100");
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("chat.max_frame_bytes"), "{err}");
        Ok(())
    });
}

#[test]
fn a_missing_extra_file_is_an_error() {
    Jail::expect_with(|jail| {
        let err = Settings::load(&LoadOptions { extra_file: Some(PathBuf::from("nope.toml")), ..options(jail) })
            .unwrap_err()
            .to_string();
        assert!(err.contains("nope.toml"), "{err}");
        Ok(())
    });
}

#[test]
fn the_multi_node_settings_are_checked_and_their_urls_never_printed() {
    Jail::expect_with(|jail| {
        jail.set_env("KEFU__STORAGE__BACKEND", "postgres");
        jail.set_env("KEFU__STORAGE__POSTGRES__URL", "mysql://kefu:hunter2-secret@db/kefu");
        jail.set_env("KEFU__STORAGE__POSTGRES__MAX_CONNECTIONS", "0");
        jail.set_env("KEFU__HUB__BACKEND", "redis");
        jail.set_env("KEFU__HUB__REDIS__URL", "http://:hunter3-secret@cache:6379/");
        jail.set_env("KEFU__HUB__REDIS__PREFIX", "kefu prod");
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        for key in ["storage.postgres.url", "storage.postgres.max_connections", "hub.redis.url", "hub.redis.prefix"] {
            assert!(err.contains(key), "{key} in {err}");
        }
        assert!(!err.contains("hunter2") && !err.contains("hunter3"), "a password in an error: {err}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        // Redis between nodes that do not share a database would relay events nobody can read.
        jail.set_env("KEFU__HUB__BACKEND", "redis");
        jail.set_env("KEFU__HUB__REDIS__URL", "redis://cache:6379/");
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("hub.backend") && err.contains("storage.backend"), "{err}");
        jail.set_env("KEFU__STORAGE__BACKEND", "postgres");
        jail.set_env("KEFU__STORAGE__POSTGRES__URL", "postgres://kefu:hunter2-secret@db/kefu");
        let settings = Settings::load(&options(jail)).expect("loads");
        assert!(!format!("{settings:?}").contains("hunter2"), "the URL's password in debug output");
        jail.set_env("KEFU__STORAGE__BACKEND", "cassandra");
        let err = Settings::load(&options(jail)).unwrap_err().to_string();
        assert!(err.contains("storage.backend"), "{err}");
        Ok(())
    });
}
