//! A lexical intent classifier: multilingual keyword lists, weighted, with a margin-based
//! probability. Keywords are matched as whole words in space-separated scripts (a trailing `*`
//! matches a prefix, so `ship*` finds "shipped") and as substrings in Chinese, Japanese, Korean
//! and Thai, which do not separate words.

use crate::domain::{Intent, Language};
use crate::pipeline::{Classification, IntentClassifier, StageError};

pub struct KeywordClassifier;

#[async_trait::async_trait]
impl IntentClassifier for KeywordClassifier {
    async fn classify(&self, text: &str, _language: &Language) -> Result<Classification, StageError> {
        Ok(classify(text))
    }
}

/// (intent, weight of each hit, keywords in any language)
const KEYWORDS: &[(Intent, f32, &[&str])] = &[
    (
        Intent::OrderStatus,
        1.0,
        &[
            "where is my order",
            "order status",
            "track*",
            "not arrived",
            "hasn't arrived",
            "not received",
            "package",
            "parcel",
            "my order",
            "订单",
            "物流",
            "快递",
            "到哪",
            "包裹",
            "还没到",
            "没收到",
            "单号",
            "到了吗",
            "pedido",
            "paquete",
            "rastreo",
            "seguimiento",
            "no llega",
            "no ha llegado",
            "rastreio",
            "rastreamento",
            "encomenda",
            "não chegou",
            "pacote",
            "commande",
            "colis",
            "suivi",
            "bestellung",
            "paket",
            "sendungsverfolgung",
            "заказ*",
            "посылк*",
            "трек",
            "注文",
            "荷物",
            "追跡",
            "주문",
            "택배",
            "배송 조회",
            "طلبي",
            "الطلب",
            "شحنتي",
            "تتبع",
            "sipariş*",
            "kargom",
            "ordine",
            "pacco",
            "pesanan",
            "zamówienie",
        ],
    ),
    (
        Intent::Shipping,
        1.0,
        &[
            "ship*",
            "delivery time",
            "how long",
            "deliver to",
            "delivery to",
            "postage",
            "courier",
            "运费",
            "发货",
            "几天",
            "多久",
            "寄到",
            "运到",
            "邮费",
            "配送",
            "envío",
            "envio",
            "cuánto tarda",
            "cuanto tarda",
            "tarda",
            "frete",
            "prazo",
            "entrega",
            "livraison",
            "versand",
            "lieferzeit",
            "доставк*",
            "送料",
            "発送",
            "배송",
            "شحن",
            "kargo",
            "spedizione",
        ],
    ),
    (
        Intent::CustomsDuties,
        1.5,
        &[
            "customs",
            "duty",
            "duties",
            "import tax",
            "vat",
            "ioss",
            "关税",
            "清关",
            "海关",
            "报关",
            "aduana",
            "impuesto*",
            "arancel*",
            "alfândega",
            "taxa*",
            "imposto*",
            "remessa conforme",
            "douane",
            "zoll",
            "einfuhr*",
            "таможн*",
            "пошлин*",
            "関税",
            "관세",
            "통관",
            "جمارك",
            "gümrük",
            "dogana",
        ],
    ),
    (
        Intent::ProductQuestion,
        1.0,
        &[
            "material",
            "made of",
            "cotton",
            "dimension*",
            "size",
            "colour",
            "color",
            "spec*",
            "weight",
            "inch",
            "hz",
            "resolution",
            "waterproof",
            "材质",
            "尺寸",
            "规格",
            "颜色",
            "什么材料",
            "多大",
            "重量",
            "藤",
            "竹",
            "talla",
            "tamaño",
            "algodón",
            "tela",
            "tamanho",
            "algodão",
            "tecido",
            "tissu",
            "taille",
            "coton",
            "größe",
            "stoff",
            "материал",
            "размер",
            "素材",
            "サイズ",
            "소재",
            "사이즈",
            "مقاس",
            "خامة",
            "beden",
            "taglia",
        ],
    ),
    (
        Intent::StockAvailability,
        1.5,
        &[
            "in stock",
            "available",
            "availability",
            "out of stock",
            "restock",
            "sold out",
            "有货",
            "库存",
            "现货",
            "缺货",
            "disponible",
            "agotado",
            "em estoque",
            "disponível",
            "esgotado",
            "verfügbar",
            "auf lager",
            "в наличии",
            "在庫",
            "재고",
            "متوفر",
            "stokta",
        ],
    ),
    (
        Intent::ReturnsRefunds,
        1.5,
        &[
            "return*",
            "refund*",
            "money back",
            "send it back",
            "退货",
            "退款",
            "退钱",
            "退回",
            "devolu*",
            "devolver",
            "reembolso",
            "retour",
            "rembours*",
            "rückgabe",
            "erstattung",
            "zurückgeben",
            "возврат*",
            "вернуть",
            "返品",
            "返金",
            "반품",
            "환불",
            "إرجاع",
            "استرداد",
            "iade",
            "reso",
            "rimborso",
        ],
    ),
    (
        Intent::Exchange,
        2.0,
        &[
            "exchange",
            "swap",
            "different size",
            "换货",
            "换一个",
            "换尺码",
            "cambio",
            "cambiar la talla",
            "troca",
            "trocar",
            "échange",
            "échanger",
            "umtausch*",
            "обмен*",
            "交換",
            "교환",
            "استبدال",
            "değişim",
        ],
    ),
    (
        Intent::CancelOrder,
        2.0,
        &[
            "cancel*",
            "取消",
            "cancelar",
            "annuler",
            "stornieren",
            "storno",
            "отмен*",
            "キャンセル",
            "취소",
            "إلغاء",
            "iptal",
            "annullare",
        ],
    ),
    (
        Intent::ModifyOrder,
        2.0,
        &[
            "change my address",
            "change the address",
            "change address",
            "wrong address",
            "modify",
            "change my order",
            "add an item",
            "修改",
            "改地址",
            "更改",
            "换地址",
            "cambiar dirección",
            "cambiar la dirección",
            "modificar",
            "alterar",
            "mudar o endereço",
            "modifier",
            "adresse ändern",
            "изменить",
            "変更",
            "주소 변경",
            "تغيير العنوان",
            "adres değiş*",
        ],
    ),
    (
        Intent::Payment,
        1.5,
        &[
            "pay",
            "paid",
            "payment",
            "paypal",
            "credit card",
            "invoice",
            "付款",
            "支付",
            "发票",
            "汇款",
            "pago",
            "pagar",
            "tarjeta",
            "factura",
            "pagamento",
            "boleto",
            "pix",
            "nota fiscal",
            "cartão",
            "paiement",
            "facture",
            "zahlung",
            "rechnung",
            "оплат*",
            "支払",
            "결제",
            "الدفع",
            "ödeme",
            "fattura",
        ],
    ),
    (
        Intent::Discount,
        1.5,
        &[
            "discount",
            "coupon",
            "promo*",
            "voucher",
            "cheaper",
            "优惠",
            "折扣",
            "便宜",
            "优惠券",
            "打折",
            "descuento",
            "cupón",
            "cupom",
            "desconto",
            "réduction",
            "rabatt",
            "gutschein",
            "скидк*",
            "割引",
            "クーポン",
            "할인",
            "쿠폰",
            "خصم",
            "indirim",
            "sconto",
        ],
    ),
    (
        Intent::DamagedWrongItem,
        2.0,
        &[
            "damaged",
            "broken",
            "wrong item",
            "defective",
            "cracked",
            "missing item",
            "dead pixel*",
            "坏了",
            "破损",
            "发错",
            "错了",
            "瑕疵",
            "损坏",
            "roto",
            "dañado",
            "equivocado",
            "defectuoso",
            "quebrado",
            "danificado",
            "errado",
            "com defeito",
            "cassé",
            "endommagé",
            "beschädigt",
            "kaputt",
            "сломан*",
            "поврежд*",
            "壊れ",
            "破損",
            "파손",
            "고장",
            "تالف",
            "مكسور",
            "hasarlı",
            "kırık",
            "rotto",
            "danneggiato",
            // Inflected forms: the item is feminine or plural as often as not.
            "rota",
            "rotas",
            "rotos",
            "quebrada",
            "quebradas",
            "danificada",
            "cassée",
            "cassés",
            "abîmé*",
            "rotta",
            "rotti",
            "rotte",
            "danneggiata",
            "坏的",
            "坏掉",
            "碎了",
            "压坏",
            "깨진",
            "깨졌",
            "부서",
            "불량",
            "сломал*",
            "разбит*",
            "брак",
            "مكسورة",
            "خربان",
            "kırılmış",
            "hasarlı geldi",
        ],
    ),
    (
        Intent::Complaint,
        1.5,
        &[
            "terrible",
            "worst",
            "awful",
            "unacceptable",
            "disappointed",
            "angry",
            "scam",
            "complain*",
            "ridiculous",
            "差评",
            "投诉",
            "太差",
            "骗子",
            "垃圾",
            "queja",
            "pésimo",
            "estafa",
            "reclamação",
            "reclamar",
            "péssimo",
            "golpe",
            "plainte",
            "inacceptable",
            "beschwerde",
            "betrug",
            "жалоб*",
            "ужасн*",
            "苦情",
            "최악",
            "불만",
            "شكوى",
            "şikayet",
            "truffa",
        ],
    ),
    (
        Intent::ChargebackDispute,
        3.0,
        &[
            "chargeback",
            "dispute",
            "lawyer",
            "sue",
            "legal action",
            "open a claim",
            "拒付",
            "律师",
            "起诉",
            "申诉",
            "disputa",
            "abogado",
            "demanda",
            "contracargo",
            "advogado",
            "processo",
            "procon",
            "avocat",
            "litige",
            "anwalt",
            "rückbuchung",
            "юрист*",
            "суд",
            "弁護士",
            "변호사",
            "소송",
            "محامي",
            "avukat",
            "avvocato",
        ],
    ),
    (
        Intent::HumanRequest,
        3.0,
        &[
            "human",
            "real person",
            "speak to someone",
            "talk to someone",
            "representative",
            "operator",
            "live agent",
            "an agent",
            "人工",
            "真人",
            "转人工",
            "人工客服",
            "humano",
            "una persona",
            "hablar con alguien",
            "atendente",
            "uma pessoa",
            "humain",
            "conseiller",
            "mitarbeiter",
            "mensch",
            "оператор*",
            "человек*",
            "担当者",
            "オペレーター",
            "상담원",
            "موظف",
            "إنسان",
            "temsilci",
            "operatore",
        ],
    ),
    (
        Intent::Greeting,
        0.6,
        &[
            "hello",
            "hi",
            "hey",
            "good morning",
            "good evening",
            "你好",
            "您好",
            "在吗",
            "hola",
            "buenas",
            "buenos días",
            "olá",
            "ola",
            "oi",
            "bom dia",
            "boa tarde",
            "bonjour",
            "salut",
            "hallo",
            "guten tag",
            "привет",
            "здравствуйте",
            "こんにちは",
            "안녕하세요",
            "مرحبا",
            "السلام عليكم",
            "merhaba",
            "ciao",
            "buongiorno",
        ],
    ),
    (
        Intent::ThanksBye,
        0.7,
        &[
            "thank*",
            "thx",
            "bye",
            "goodbye",
            "谢谢",
            "多谢",
            "再见",
            "gracias",
            "adiós",
            "obrigad*",
            "tchau",
            "merci",
            "au revoir",
            "danke",
            "tschüss",
            "спасибо",
            "до свидания",
            "ありがとう",
            "감사합니다",
            "고마워",
            "شكرا",
            "teşekkür*",
            "grazie",
        ],
    ),
];

/// Weighted keyword hits per intent, for intents with any, highest first.
pub fn scores(text: &str) -> Vec<(Intent, f32)> {
    let lower = text.to_lowercase();
    // " where is my order " : every word boundary becomes a single space.
    let spaced: String = {
        let mut out = String::with_capacity(lower.len() + 2);
        out.push(' ');
        for c in lower.chars() {
            out.push(if c.is_alphanumeric() || c == '\'' { c } else { ' ' });
        }
        out.push(' ');
        out.split_whitespace().fold(String::from(" "), |mut acc, w| {
            acc.push_str(w);
            acc.push(' ');
            acc
        })
    };
    let mut scores: Vec<(Intent, f32)> = KEYWORDS
        .iter()
        .map(|(intent, weight, words)| {
            let hits = words.iter().filter(|w| matches(&lower, &spaced, w)).count();
            (*intent, weight * hits as f32)
        })
        .filter(|(_, score)| *score > 0.0)
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    scores
}

/// Classifies `text`. No hit at all is `Other` with a low probability, which hands off.
pub fn classify(text: &str) -> Classification {
    let scores = scores(text);
    let Some(&(intent, top)) = scores.first() else {
        return Classification {
            intent: Intent::Other,
            probability: 0.35,
            alternatives: Vec::new(),
            entities: Default::default(),
        };
    };
    let second = scores.get(1).map_or(0.0, |s| s.1);
    let probability = 0.5 + 0.45 * (top - second) / (top + 1.0);
    let total: f32 = scores.iter().map(|s| s.1).sum::<f32>() + 1.0;
    let alternatives = scores.iter().skip(1).take(3).map(|&(i, s)| (i, s / total)).collect();
    Classification { intent, probability, alternatives, entities: Default::default() }
}

fn matches(lower: &str, spaced: &str, keyword: &str) -> bool {
    let unspaced_script = keyword
        .chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F));
    if unspaced_script {
        return lower.contains(keyword);
    }
    match keyword.strip_suffix('*') {
        Some(stem) => spaced.contains(&format!(" {stem}")),
        None => spaced.contains(&format!(" {keyword} ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Intent) {
        let got = classify(text);
        assert_eq!(got.intent, expected, "{text:?} -> {got:?}");
    }

    #[test]
    fn common_buyer_messages() {
        check("Where is my order #W1234567?", Intent::OrderStatus);
        check("我的订单到哪里了", Intent::OrderStatus);
        check("¿Dónde está mi pedido?", Intent::OrderStatus);
        check("How long does shipping to Chile take?", Intent::Shipping);
        check("运费多少钱，寄到美国要几天", Intent::Shipping);
        check("Is this cotton?", Intent::ProductQuestion);
        check("How do I return it?", Intent::ReturnsRefunds);
        check("Quero devolver, como faço o reembolso?", Intent::ReturnsRefunds);
        check("I want to cancel my order", Intent::CancelOrder);
        check("I want to talk to a real person", Intent::HumanRequest);
        check("转人工", Intent::HumanRequest);
        check("I will open a chargeback with my bank", Intent::ChargebackDispute);
        check("hi", Intent::Greeting);
        check("Hi, where is my order?", Intent::OrderStatus);
        check("thanks!", Intent::ThanksBye);
        check("Do I have to pay customs duties in Brazil?", Intent::CustomsDuties);
        check("The lamp arrived broken", Intent::DamagedWrongItem);
        check("what's the weather like", Intent::Other);
    }

    #[test]
    fn short_keywords_match_whole_words_only() {
        // "hi" is inside "shipping"; "sue" is inside "issue".
        assert_ne!(classify("shipping").intent, Intent::Greeting);
        assert_ne!(classify("there is an issue with shipping").intent, Intent::ChargebackDispute);
    }

    #[test]
    fn probabilities_follow_the_margin() {
        let clear = classify("refund refund return");
        let mixed = classify("refund or exchange");
        assert!(clear.probability > mixed.probability);
        assert!((0.0..=1.0).contains(&clear.probability));
        assert!(classify("zzz").probability < 0.45);
    }
}
