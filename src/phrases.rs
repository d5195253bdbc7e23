//! Short fixed sentences the bot says in the buyer's language: greetings, thanks, hand-off
//! notices. Pure data; English when a language is missing. (The full localized templates of
//! the generation issue replace this table.)

use crate::domain::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// `{shop}` is replaced with the shop's name.
    Greeting,
    Thanks,
    /// Introduces an answer quoted from the shop's own pages.
    FromShop,
    /// The bot found nothing it can answer with.
    NotSure,
    /// `{minutes}` is replaced with the expected wait.
    Handoff,
}

/// The phrase in `language` (or its primary language, or English), with placeholders filled.
pub fn say(phrase: Phrase, language: &Language, shop: &str, minutes: u64) -> String {
    let table = table(language.as_str()).or_else(|| table(language.primary())).unwrap_or(EN);
    let template = match phrase {
        Phrase::Greeting => table[0],
        Phrase::Thanks => table[1],
        Phrase::FromShop => table[2],
        Phrase::NotSure => table[3],
        Phrase::Handoff => table[4],
    };
    template.replace("{shop}", shop).replace("{minutes}", &minutes.to_string())
}

/// Whether the table has the language itself (not the English fallback).
pub fn has(language: &Language) -> bool {
    table(language.as_str()).or_else(|| table(language.primary())).is_some()
}

type Table = [&'static str; 5];

const EN: Table = [
    "Hello! Welcome to {shop}. How can I help you today?",
    "You're welcome! Anything else I can help with?",
    "Here is what {shop} says:",
    "I'm not sure I can answer that correctly.",
    "I'm passing you to a member of our team. A person will reply, usually within {minutes} minutes.",
];

fn table(tag: &str) -> Option<Table> {
    Some(match tag {
        "en" => EN,
        "zh" | "zh-cn" | "zh-hans" => [
            "您好！欢迎光临{shop}，请问有什么可以帮您？",
            "不客气！还有其他可以帮您的吗？",
            "{shop}的说明如下：",
            "这个问题我不确定能否准确回答。",
            "我正在为您转接人工客服，通常会在{minutes}分钟内回复您。",
        ],
        "zh-tw" | "zh-hk" | "zh-hant" => [
            "您好！歡迎光臨{shop}，請問有什麼可以幫您？",
            "不客氣！還有其他可以幫您的嗎？",
            "{shop}的說明如下：",
            "這個問題我不確定能否準確回答。",
            "我正在為您轉接真人客服，通常會在{minutes}分鐘內回覆您。",
        ],
        "es" => [
            "¡Hola! Bienvenido a {shop}. ¿En qué puedo ayudarte?",
            "¡De nada! ¿Puedo ayudarte en algo más?",
            "Esto es lo que indica {shop}:",
            "No estoy seguro de poder responder eso correctamente.",
            "Te paso con una persona de nuestro equipo. Normalmente responde en menos de {minutes} minutos.",
        ],
        "pt" | "pt-br" | "pt-pt" => [
            "Olá! Bem-vindo à {shop}. Como posso ajudar?",
            "De nada! Posso ajudar em mais alguma coisa?",
            "Veja o que a {shop} informa:",
            "Não tenho certeza de que consigo responder isso corretamente.",
            "Vou transferir você para alguém da nossa equipe. Normalmente respondemos em até {minutes} minutos.",
        ],
        "fr" => [
            "Bonjour ! Bienvenue chez {shop}. Comment puis-je vous aider ?",
            "Avec plaisir ! Puis-je vous aider pour autre chose ?",
            "Voici ce qu'indique {shop} :",
            "Je ne suis pas sûr de pouvoir répondre correctement à cela.",
            "Je vous mets en relation avec un membre de notre équipe. Une personne vous répondra, généralement sous {minutes} minutes.",
        ],
        "de" => [
            "Hallo! Willkommen bei {shop}. Wie kann ich helfen?",
            "Gern geschehen! Kann ich sonst noch helfen?",
            "Das schreibt {shop} dazu:",
            "Ich bin nicht sicher, ob ich das richtig beantworten kann.",
            "Ich leite Sie an unser Team weiter. Ein Mensch antwortet in der Regel innerhalb von {minutes} Minuten.",
        ],
        "it" => [
            "Ciao! Benvenuto da {shop}. Come posso aiutarti?",
            "Prego! Posso aiutarti in qualcos'altro?",
            "Ecco cosa indica {shop}:",
            "Non sono sicuro di poter rispondere correttamente.",
            "Ti passo a una persona del nostro team. Di solito risponde entro {minutes} minuti.",
        ],
        "ru" => [
            "Здравствуйте! Добро пожаловать в {shop}. Чем могу помочь?",
            "Пожалуйста! Могу ли я помочь чем-то ещё?",
            "Вот что сообщает {shop}:",
            "Я не уверен, что могу правильно ответить на этот вопрос.",
            "Я передаю ваш вопрос сотруднику. Обычно он отвечает в течение {minutes} минут.",
        ],
        "ar" => [
            "مرحبًا! أهلًا بك في {shop}. كيف يمكنني مساعدتك؟",
            "على الرحب والسعة! هل هناك شيء آخر يمكنني مساعدتك به؟",
            "إليك ما يذكره {shop}:",
            "لست متأكدًا من أنني أستطيع الإجابة عن ذلك بدقة.",
            "سأحوّلك إلى أحد أعضاء فريقنا. عادةً ما يتم الرد خلال {minutes} دقيقة.",
        ],
        "ja" => [
            "こんにちは！{shop}へようこそ。ご用件をお聞かせください。",
            "どういたしまして！ほかにお手伝いできることはありますか？",
            "{shop}の案内は次のとおりです：",
            "このご質問に正確にお答えできるか自信がありません。",
            "担当者におつなぎします。通常{minutes}分以内に返信いたします。",
        ],
        "ko" => [
            "안녕하세요! {shop}에 오신 것을 환영합니다. 무엇을 도와드릴까요?",
            "천만에요! 더 도와드릴 일이 있을까요?",
            "{shop} 안내 내용입니다:",
            "이 질문에 정확히 답변드릴 수 있을지 확실하지 않습니다.",
            "담당 직원에게 연결해 드리겠습니다. 보통 {minutes}분 이내에 답변드립니다.",
        ],
        "tr" => [
            "Merhaba! {shop} mağazasına hoş geldiniz. Size nasıl yardımcı olabilirim?",
            "Rica ederim! Yardımcı olabileceğim başka bir şey var mı?",
            "{shop} bu konuda şunu belirtiyor:",
            "Bunu doğru yanıtlayabileceğimden emin değilim.",
            "Sizi ekibimizden birine aktarıyorum. Genellikle {minutes} dakika içinde yanıt verilir.",
        ],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_languages_fall_back_to_english() {
        let zh = Language::parse("zh-CN").unwrap();
        assert_eq!(say(Phrase::Handoff, &zh, "x", 12), "我正在为您转接人工客服，通常会在12分钟内回复您。");
        let pt = Language::parse("pt-BR").unwrap();
        assert!(say(Phrase::Greeting, &pt, "Vela", 0).contains("Vela"));
        let xx = Language::parse("xx").unwrap();
        assert!(!has(&xx));
        assert_eq!(say(Phrase::Thanks, &xx, "", 0), EN[1]);
    }
}
