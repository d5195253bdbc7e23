// kefu storefront chat widget (docs/widget.md). One tag on any shop page:
//
//   <script src="https://<kefu>/widget.js" data-shop="vela-moda" async></script>
//
// adds a launcher button and a chat panel inside an open shadow root, so the page's styles do
// not reach in and ours do not leak out. kefu's address is the origin of this script's own src.
// The buyer protocol (docs/protocol.md) runs over one websocket: hello → welcome, messages acked
// with a seq, replies streamed as deltas then stored. The conversation, the highest seq shown and
// the messages not yet acknowledged live in localStorage (key per kefu origin and shop), so a
// reload or a lost connection resumes with `last_seq` and resends with the same client_msg_id.
//
// Nothing is exposed on window. Browser tests find everything through data-testid attributes in
// the shadow root of <kefu-widget> (tests/browser/widget.mjs).
(() => {
  'use strict';

  // ---- where we are ----------------------------------------------------------------------
  const script = document.currentScript ||
    [...document.querySelectorAll('script[src][data-shop]')].find(s => /\/widget\.js(\?|#|$)/.test(s.src));
  const SHOP = script && script.dataset.shop;
  if (!SHOP) { console.warn('kefu widget: the script tag needs data-shop="<shop id>"'); return; }
  const ORIGIN = new URL(script.src, location.href).origin;
  const WS_URL = ORIGIN.replace(/^http/, 'ws') + '/v1/chat?shop=' + encodeURIComponent(SHOP);
  const KEY = 'kefu:' + ORIGIN + ':' + SHOP; // localStorage: the conversation
  const OPEN_KEY = KEY + ':open'; // sessionStorage: the panel was open on the previous page
  for (const el of document.querySelectorAll('kefu-widget')) if (el.dataset.shop === SHOP) return; // loaded twice

  const RESEND_MS = 10000; // a message not acked this long is sent again (same client_msg_id)
  const TYPING_MS = 4000; // at most one typing frame this often
  const EAGER_MS = 24 * 3600 * 1000; // reconnect on page load to a conversation this recent
  const MAX_LOG = 200; // entries kept in localStorage
  const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

  // ---- the product the buyer is looking at --------------------------------------------------
  // data-product on the script tag, else the page's schema.org Product (JSON-LD sku or
  // productID), else the product page's address (canonical link or og:url, matched to the
  // catalogue's product urls). Read at every hello and message, so a shop whose pages change
  // without reloading is followed.
  function pageContext() {
    const ctx = { page_url: String(location.href).slice(0, 2048) };
    const given = script.dataset.product;
    if (given) { ctx.product = given.slice(0, 512); return ctx; }
    for (const el of document.querySelectorAll('script[type="application/ld+json"]')) {
      let data;
      try { data = JSON.parse(el.textContent); } catch (_) { continue; }
      const found = productIn(data, 0);
      if (found) { ctx.product = String(found).slice(0, 512); return ctx; }
    }
    const canonical = document.querySelector('link[rel="canonical"]');
    const ogUrl = document.querySelector('meta[property="og:url"]');
    const ogType = document.querySelector('meta[property="og:type"]');
    const url = (canonical && canonical.href) || (ogUrl && ogUrl.content);
    if (url && (!ogType || /product/i.test(ogType.content || ''))) ctx.product = String(url).slice(0, 512);
    return ctx;
  }
  function productIn(node, depth) {
    if (!node || typeof node !== 'object' || depth > 6) return null;
    if (Array.isArray(node)) {
      for (const n of node) { const found = productIn(n, depth + 1); if (found) return found; }
      return null;
    }
    const types = [].concat(node['@type'] || []).map(String);
    if (types.some(t => /^(schema:|https?:\/\/schema\.org\/)?Product(Group)?$/.test(t))) {
      const offers = [].concat(node.offers || []);
      const id = node.sku || node.productID || node.mpn || (offers[0] && offers[0].sku);
      if (id) return id;
    }
    return productIn(node['@graph'], depth + 1);
  }

  // ---- UI strings -------------------------------------------------------------------------
  // {shop}, {t} (a duration, formatted by Intl), {n} (megabytes) are filled in by tr().
  const STRINGS = {
    en: {
      open: 'Open chat', close: 'Close chat', title: 'Chat with {shop}', input: 'Write a message…', send: 'Send',
      attach: 'Attach a photo', online: 'Online', offline: 'Offline', connecting: 'Connecting…',
      queued: 'Your messages will be sent when you are back online.',
      greeting: 'Hi! How can we help you today?',
      handoff: 'A person will reply, usually within {t}.', resolved: 'You are chatting with our assistant again.',
      sending: 'Sending…', failed: 'Not sent',
      slow: 'You are sending messages quickly – this one will go out in a moment.',
      retry: 'Could not send just now – trying again.', big: 'That image is too large (maximum {n} MB).',
      type: 'Please choose a PNG, JPEG, WebP or GIF image.', upfail: 'The image could not be uploaded. Please try again.',
      up: 'Uploading photo…', closed: 'Chat is not available right now.', sources: 'Sources', photo: 'Photo',
      typing: 'Typing…',
    },
    'zh-CN': {
      open: '打开聊天', close: '关闭聊天', title: '与{shop}聊天', input: '输入消息…', send: '发送',
      attach: '添加图片', online: '在线', offline: '离线', connecting: '连接中…',
      queued: '恢复联网后将自动发送您的消息。',
      greeting: '您好！请问有什么可以帮您？',
      handoff: '人工客服将为您服务，通常在{t}内回复。', resolved: '智能助手已重新为您服务。',
      sending: '发送中…', failed: '未发送',
      slow: '您发送得太快了，这条消息稍后会自动发送。',
      retry: '暂时无法发送，正在重试。', big: '图片太大（最大 {n} MB）。',
      type: '请选择 PNG、JPEG、WebP 或 GIF 图片。', upfail: '图片上传失败，请重试。',
      up: '正在上传图片…', closed: '聊天暂时不可用。', sources: '参考来源', photo: '图片',
      typing: '正在输入…',
    },
    'zh-TW': {
      open: '開啟聊天', close: '關閉聊天', title: '與{shop}聊天', input: '輸入訊息…', send: '傳送',
      attach: '附加圖片', online: '線上', offline: '離線', connecting: '連線中…',
      queued: '恢復連線後會自動傳送您的訊息。',
      greeting: '您好！請問有什麼可以為您服務？',
      handoff: '真人客服將為您服務，通常在{t}內回覆。', resolved: '智慧助理已重新為您服務。',
      sending: '傳送中…', failed: '未傳送',
      slow: '您傳送得太快了，這則訊息稍後會自動傳送。',
      retry: '暫時無法傳送，正在重試。', big: '圖片太大（上限 {n} MB）。',
      type: '請選擇 PNG、JPEG、WebP 或 GIF 圖片。', upfail: '圖片上傳失敗，請再試一次。',
      up: '正在上傳圖片…', closed: '目前無法使用聊天功能。', sources: '參考來源', photo: '圖片',
      typing: '正在輸入…',
    },
    es: {
      open: 'Abrir chat', close: 'Cerrar chat', title: 'Chat con {shop}', input: 'Escribe un mensaje…', send: 'Enviar',
      attach: 'Adjuntar una foto', online: 'En línea', offline: 'Sin conexión', connecting: 'Conectando…',
      queued: 'Tus mensajes se enviarán cuando vuelvas a tener conexión.',
      greeting: '¡Hola! ¿En qué podemos ayudarte hoy?',
      handoff: 'Una persona te responderá, normalmente en un plazo de {t}.',
      resolved: 'Vuelves a hablar con nuestro asistente.',
      sending: 'Enviando…', failed: 'No enviado',
      slow: 'Estás enviando mensajes muy rápido; este se enviará en un momento.',
      retry: 'No se pudo enviar ahora; lo intentamos de nuevo.', big: 'La imagen es demasiado grande (máximo {n} MB).',
      type: 'Elige una imagen PNG, JPEG, WebP o GIF.', upfail: 'No se pudo subir la imagen. Inténtalo de nuevo.',
      up: 'Subiendo foto…', closed: 'El chat no está disponible en este momento.', sources: 'Fuentes', photo: 'Foto',
      typing: 'Escribiendo…',
    },
    pt: {
      open: 'Abrir chat', close: 'Fechar chat', title: 'Chat com {shop}', input: 'Escreva uma mensagem…', send: 'Enviar',
      attach: 'Anexar uma foto', online: 'Online', offline: 'Sem conexão', connecting: 'Conectando…',
      queued: 'Suas mensagens serão enviadas quando a conexão voltar.',
      greeting: 'Olá! Como podemos ajudar você hoje?',
      handoff: 'Uma pessoa vai responder, normalmente em até {t}.',
      resolved: 'Você voltou a falar com o nosso assistente.',
      sending: 'Enviando…', failed: 'Não enviada',
      slow: 'Você está enviando mensagens muito rápido; esta será enviada em instantes.',
      retry: 'Não foi possível enviar agora; tentando novamente.', big: 'A imagem é grande demais (máximo {n} MB).',
      type: 'Escolha uma imagem PNG, JPEG, WebP ou GIF.', upfail: 'Não foi possível enviar a imagem. Tente novamente.',
      up: 'Enviando foto…', closed: 'O chat não está disponível no momento.', sources: 'Fontes', photo: 'Foto',
      typing: 'Digitando…',
    },
    fr: {
      open: 'Ouvrir le chat', close: 'Fermer le chat', title: 'Discuter avec {shop}', input: 'Écrivez un message…',
      send: 'Envoyer', attach: 'Joindre une photo', online: 'En ligne', offline: 'Hors ligne', connecting: 'Connexion…',
      queued: 'Vos messages seront envoyés dès le retour de la connexion.',
      greeting: 'Bonjour\u00a0! Comment pouvons-nous vous aider\u00a0?',
      handoff: 'Une personne va vous répondre, généralement sous {t}.',
      resolved: 'Vous discutez de nouveau avec notre assistant.',
      sending: 'Envoi…', failed: 'Non envoyé',
      slow: 'Vous envoyez des messages très vite\u00a0; celui-ci partira dans un instant.',
      retry: 'Envoi impossible pour le moment\u00a0; nouvel essai en cours.',
      big: 'L’image est trop lourde (maximum {n}\u00a0Mo).',
      type: 'Choisissez une image PNG, JPEG, WebP ou GIF.', upfail: 'L’image n’a pas pu être envoyée. Veuillez réessayer.',
      up: 'Envoi de la photo…', closed: 'Le chat n’est pas disponible pour le moment.', sources: 'Sources',
      photo: 'Photo', typing: 'En train d’écrire…',
    },
    de: {
      open: 'Chat öffnen', close: 'Chat schließen', title: 'Chat mit {shop}', input: 'Nachricht schreiben…',
      send: 'Senden', attach: 'Foto anhängen', online: 'Online', offline: 'Offline', connecting: 'Verbinde…',
      queued: 'Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.',
      greeting: 'Hallo! Wie können wir Ihnen heute helfen?',
      handoff: 'Ein Mitarbeiter antwortet Ihnen – übliche Wartezeit: {t}.',
      resolved: 'Sie chatten wieder mit unserem Assistenten.',
      sending: 'Wird gesendet…', failed: 'Nicht gesendet',
      slow: 'Sie senden sehr schnell – diese Nachricht geht gleich raus.',
      retry: 'Senden gerade nicht möglich – neuer Versuch läuft.', big: 'Das Bild ist zu groß (maximal {n} MB).',
      type: 'Bitte wählen Sie ein PNG-, JPEG-, WebP- oder GIF-Bild.',
      upfail: 'Das Bild konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut.',
      up: 'Foto wird hochgeladen…', closed: 'Der Chat ist gerade nicht verfügbar.', sources: 'Quellen', photo: 'Foto',
      typing: 'Schreibt…',
    },
    ru: {
      open: 'Открыть чат', close: 'Закрыть чат', title: 'Чат — {shop}', input: 'Напишите сообщение…', send: 'Отправить',
      attach: 'Прикрепить фото', online: 'В сети', offline: 'Нет подключения', connecting: 'Подключение…',
      queued: 'Сообщения будут отправлены, когда связь восстановится.',
      greeting: 'Здравствуйте! Чем мы можем помочь?',
      handoff: 'Вам ответит сотрудник. Обычное время ожидания: {t}.', resolved: 'Вам снова отвечает наш ассистент.',
      sending: 'Отправка…', failed: 'Не отправлено',
      slow: 'Вы отправляете сообщения слишком часто — это уйдёт через мгновение.',
      retry: 'Не удалось отправить — пробуем ещё раз.', big: 'Изображение слишком большое (максимум {n} МБ).',
      type: 'Выберите изображение PNG, JPEG, WebP или GIF.', upfail: 'Не удалось загрузить изображение. Попробуйте ещё раз.',
      up: 'Загрузка фото…', closed: 'Чат сейчас недоступен.', sources: 'Источники', photo: 'Фото', typing: 'Печатает…',
    },
    ar: {
      open: 'فتح المحادثة', close: 'إغلاق المحادثة', title: 'محادثة مع {shop}', input: 'اكتب رسالة…', send: 'إرسال',
      attach: 'إرفاق صورة', online: 'متصل', offline: 'غير متصل', connecting: 'جارٍ الاتصال…',
      queued: 'سيتم إرسال رسائلك عند عودة الاتصال.',
      greeting: 'مرحبًا! كيف يمكننا مساعدتك اليوم؟',
      handoff: 'سيرد عليك أحد موظفينا، عادةً خلال {t}.', resolved: 'أنت تتحدث مع مساعدنا الآلي مجددًا.',
      sending: 'جارٍ الإرسال…', failed: 'لم تُرسل',
      slow: 'أنت ترسل الرسائل بسرعة كبيرة، وسيتم إرسال هذه الرسالة بعد لحظات.',
      retry: 'تعذّر الإرسال الآن، نحاول مرة أخرى.', big: 'الصورة كبيرة جدًا (الحد الأقصى {n} ميغابايت).',
      type: 'يرجى اختيار صورة بصيغة PNG أو JPEG أو WebP أو GIF.', upfail: 'تعذّر رفع الصورة. يرجى المحاولة مرة أخرى.',
      up: 'جارٍ رفع الصورة…', closed: 'المحادثة غير متاحة حاليًا.', sources: 'المصادر', photo: 'صورة', typing: 'يكتب…',
    },
    he: {
      open: 'פתיחת צ׳אט', close: 'סגירת הצ׳אט', title: 'צ׳אט עם {shop}', input: 'כתבו הודעה…', send: 'שליחה',
      attach: 'צירוף תמונה', online: 'מחובר', offline: 'לא מחובר', connecting: 'מתחבר…',
      queued: 'ההודעות יישלחו כשהחיבור יחזור.',
      greeting: 'שלום! איך נוכל לעזור היום?',
      handoff: 'נציג יחזור אליך, בדרך כלל תוך {t}.', resolved: 'העוזר הדיגיטלי שלנו עונה שוב.',
      sending: 'שולח…', failed: 'לא נשלחה',
      slow: 'נשלחות הודעות מהר מדי – ההודעה הזו תישלח בעוד רגע.',
      retry: 'לא ניתן לשלוח כרגע – מנסים שוב.', big: 'התמונה גדולה מדי (עד {n} MB).',
      type: 'יש לבחור תמונה מסוג PNG, JPEG, WebP או GIF.', upfail: 'העלאת התמונה נכשלה. נסו שוב.',
      up: 'מעלה תמונה…', closed: 'הצ׳אט אינו זמין כרגע.', sources: 'מקורות', photo: 'תמונה', typing: 'מקליד…',
    },
    ja: {
      open: 'チャットを開く', close: 'チャットを閉じる', title: '{shop}とのチャット', input: 'メッセージを入力…', send: '送信',
      attach: '写真を添付', online: 'オンライン', offline: 'オフライン', connecting: '接続中…',
      queued: '接続が回復するとメッセージが送信されます。',
      greeting: 'こんにちは！ご用件をお聞かせください。',
      handoff: '担当者がお返事します（通常{t}以内）。', resolved: '自動アシスタントが再び対応します。',
      sending: '送信中…', failed: '未送信',
      slow: '送信が速すぎます。このメッセージはまもなく送信されます。',
      retry: '現在送信できません。再試行しています。', big: '画像が大きすぎます（最大 {n} MB）。',
      type: 'PNG、JPEG、WebP、GIF のいずれかの画像を選択してください。',
      upfail: '画像をアップロードできませんでした。もう一度お試しください。',
      up: '写真をアップロード中…', closed: '現在チャットはご利用いただけません。', sources: '参照元', photo: '写真',
      typing: '入力中…',
    },
    ko: {
      open: '채팅 열기', close: '채팅 닫기', title: '{shop} 채팅', input: '메시지를 입력하세요…', send: '보내기',
      attach: '사진 첨부', online: '온라인', offline: '오프라인', connecting: '연결 중…',
      queued: '연결이 복구되면 메시지가 전송됩니다.',
      greeting: '안녕하세요! 무엇을 도와드릴까요?',
      handoff: '상담원이 답변해 드립니다(보통 {t} 이내).', resolved: '자동 상담으로 다시 연결되었습니다.',
      sending: '보내는 중…', failed: '전송 실패',
      slow: '메시지를 너무 빨리 보내고 있어요. 잠시 후 자동으로 전송됩니다.',
      retry: '지금은 보낼 수 없어 다시 시도하고 있습니다.', big: '이미지가 너무 큽니다(최대 {n}MB).',
      type: 'PNG, JPEG, WebP 또는 GIF 이미지를 선택하세요.', upfail: '이미지를 업로드하지 못했습니다. 다시 시도해 주세요.',
      up: '사진 업로드 중…', closed: '지금은 채팅을 이용할 수 없습니다.', sources: '출처', photo: '사진', typing: '입력 중…',
    },
    tr: {
      open: 'Sohbeti aç', close: 'Sohbeti kapat', title: '{shop} ile sohbet', input: 'Bir mesaj yazın…', send: 'Gönder',
      attach: 'Fotoğraf ekle', online: 'Çevrimiçi', offline: 'Çevrimdışı', connecting: 'Bağlanıyor…',
      queued: 'Bağlantı geri geldiğinde mesajlarınız gönderilecek.',
      greeting: 'Merhaba! Size bugün nasıl yardımcı olabiliriz?',
      handoff: 'Bir temsilci size yanıt verecek, genellikle {t} içinde.',
      resolved: 'Yeniden asistanımızla görüşüyorsunuz.',
      sending: 'Gönderiliyor…', failed: 'Gönderilmedi',
      slow: 'Çok hızlı mesaj gönderiyorsunuz; bu mesaj birazdan gönderilecek.',
      retry: 'Şu anda gönderilemedi; yeniden deneniyor.', big: 'Görsel çok büyük (en fazla {n} MB).',
      type: 'Lütfen PNG, JPEG, WebP veya GIF görsel seçin.', upfail: 'Görsel yüklenemedi. Lütfen tekrar deneyin.',
      up: 'Fotoğraf yükleniyor…', closed: 'Sohbet şu anda kullanılamıyor.', sources: 'Kaynaklar', photo: 'Fotoğraf',
      typing: 'Yazıyor…',
    },
    it: {
      open: 'Apri la chat', close: 'Chiudi la chat', title: 'Chat con {shop}', input: 'Scrivi un messaggio…',
      send: 'Invia', attach: 'Allega una foto', online: 'Online', offline: 'Offline', connecting: 'Connessione…',
      queued: 'I tuoi messaggi verranno inviati quando tornerai online.',
      greeting: 'Ciao! Come possiamo aiutarti oggi?',
      handoff: 'Una persona ti risponderà, di solito entro {t}.',
      resolved: 'Stai di nuovo parlando con il nostro assistente.',
      sending: 'Invio…', failed: 'Non inviato',
      slow: 'Stai inviando messaggi molto velocemente: questo partirà tra un attimo.',
      retry: 'Impossibile inviare ora: nuovo tentativo in corso.', big: 'L’immagine è troppo grande (massimo {n} MB).',
      type: 'Scegli un’immagine PNG, JPEG, WebP o GIF.', upfail: 'Impossibile caricare l’immagine. Riprova.',
      up: 'Caricamento della foto…', closed: 'La chat non è disponibile al momento.', sources: 'Fonti', photo: 'Foto',
      typing: 'Sta scrivendo…',
    },
    vi: {
      open: 'Mở trò chuyện', close: 'Đóng trò chuyện', title: 'Trò chuyện với {shop}', input: 'Nhập tin nhắn…',
      send: 'Gửi', attach: 'Đính kèm ảnh', online: 'Trực tuyến', offline: 'Ngoại tuyến', connecting: 'Đang kết nối…',
      queued: 'Tin nhắn sẽ được gửi khi có kết nối trở lại.',
      greeting: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?',
      handoff: 'Nhân viên sẽ trả lời bạn, thường trong vòng {t}.', resolved: 'Trợ lý tự động sẽ tiếp tục hỗ trợ bạn.',
      sending: 'Đang gửi…', failed: 'Chưa gửi được',
      slow: 'Bạn đang gửi quá nhanh; tin nhắn này sẽ được gửi sau giây lát.',
      retry: 'Chưa gửi được, đang thử lại.', big: 'Ảnh quá lớn (tối đa {n} MB).',
      type: 'Vui lòng chọn ảnh PNG, JPEG, WebP hoặc GIF.', upfail: 'Không tải ảnh lên được. Vui lòng thử lại.',
      up: 'Đang tải ảnh lên…', closed: 'Hiện không thể trò chuyện.', sources: 'Nguồn', photo: 'Ảnh',
      typing: 'Đang nhập…',
    },
    th: {
      open: 'เปิดแชท', close: 'ปิดแชท', title: 'แชทกับ {shop}', input: 'พิมพ์ข้อความ…', send: 'ส่ง',
      attach: 'แนบรูปภาพ', online: 'ออนไลน์', offline: 'ออฟไลน์', connecting: 'กำลังเชื่อมต่อ…',
      queued: 'ข้อความของคุณจะถูกส่งเมื่อกลับมาออนไลน์',
      greeting: 'สวัสดี! มีอะไรให้เราช่วยไหม',
      handoff: 'เจ้าหน้าที่จะตอบกลับ โดยปกติภายใน {t}', resolved: 'ผู้ช่วยอัตโนมัติกลับมาดูแลคุณแล้ว',
      sending: 'กำลังส่ง…', failed: 'ส่งไม่สำเร็จ',
      slow: 'คุณส่งข้อความเร็วเกินไป ข้อความนี้จะถูกส่งในอีกสักครู่',
      retry: 'ยังส่งไม่ได้ กำลังลองอีกครั้ง', big: 'รูปภาพใหญ่เกินไป (สูงสุด {n} MB)',
      type: 'โปรดเลือกรูปภาพ PNG, JPEG, WebP หรือ GIF', upfail: 'อัปโหลดรูปภาพไม่สำเร็จ โปรดลองอีกครั้ง',
      up: 'กำลังอัปโหลดรูปภาพ…', closed: 'ขณะนี้ไม่สามารถใช้แชทได้', sources: 'แหล่งข้อมูล', photo: 'รูปภาพ',
      typing: 'กำลังพิมพ์…',
    },
    id: {
      open: 'Buka obrolan', close: 'Tutup obrolan', title: 'Obrolan dengan {shop}', input: 'Tulis pesan…', send: 'Kirim',
      attach: 'Lampirkan foto', online: 'Online', offline: 'Offline', connecting: 'Menghubungkan…',
      queued: 'Pesan Anda akan dikirim saat koneksi kembali.',
      greeting: 'Halo! Ada yang bisa kami bantu hari ini?',
      handoff: 'Petugas kami akan membalas, biasanya dalam {t}.', resolved: 'Anda kembali terhubung dengan asisten kami.',
      sending: 'Mengirim…', failed: 'Tidak terkirim',
      slow: 'Anda mengirim pesan terlalu cepat; pesan ini akan dikirim sebentar lagi.',
      retry: 'Belum bisa mengirim; mencoba lagi.', big: 'Gambar terlalu besar (maksimal {n} MB).',
      type: 'Pilih gambar PNG, JPEG, WebP, atau GIF.', upfail: 'Gambar gagal diunggah. Silakan coba lagi.',
      up: 'Mengunggah foto…', closed: 'Obrolan sedang tidak tersedia.', sources: 'Sumber', photo: 'Foto',
      typing: 'Sedang mengetik…',
    },
    nl: {
      open: 'Chat openen', close: 'Chat sluiten', title: 'Chat met {shop}', input: 'Typ een bericht…', send: 'Versturen',
      attach: 'Foto bijvoegen', online: 'Online', offline: 'Offline', connecting: 'Verbinden…',
      queued: 'Je berichten worden verstuurd zodra je weer online bent.',
      greeting: 'Hallo! Waarmee kunnen we je helpen?',
      handoff: 'Een medewerker antwoordt je, meestal binnen {t}.', resolved: 'Je chat weer met onze assistent.',
      sending: 'Versturen…', failed: 'Niet verstuurd',
      slow: 'Je verstuurt erg snel berichten; dit bericht gaat zo de deur uit.',
      retry: 'Versturen lukt nu niet; we proberen het opnieuw.', big: 'De afbeelding is te groot (maximaal {n} MB).',
      type: 'Kies een PNG-, JPEG-, WebP- of GIF-afbeelding.',
      upfail: 'De afbeelding kon niet worden geüpload. Probeer het opnieuw.',
      up: 'Foto uploaden…', closed: 'De chat is nu niet beschikbaar.', sources: 'Bronnen', photo: 'Foto',
      typing: 'Aan het typen…',
    },
    pl: {
      open: 'Otwórz czat', close: 'Zamknij czat', title: 'Czat: {shop}', input: 'Napisz wiadomość…', send: 'Wyślij',
      attach: 'Dołącz zdjęcie', online: 'Online', offline: 'Offline', connecting: 'Łączenie…',
      queued: 'Wiadomości zostaną wysłane po przywróceniu połączenia.',
      greeting: 'Dzień dobry! W czym możemy pomóc?',
      handoff: 'Odpowie Ci konsultant. Zwykły czas oczekiwania: {t}.', resolved: 'Znów rozmawiasz z naszym asystentem.',
      sending: 'Wysyłanie…', failed: 'Nie wysłano',
      slow: 'Wysyłasz wiadomości zbyt szybko – ta zostanie wysłana za chwilę.',
      retry: 'Nie udało się wysłać – ponawiamy próbę.', big: 'Obraz jest za duży (maksymalnie {n} MB).',
      type: 'Wybierz obraz PNG, JPEG, WebP lub GIF.', upfail: 'Nie udało się przesłać obrazu. Spróbuj ponownie.',
      up: 'Przesyłanie zdjęcia…', closed: 'Czat jest teraz niedostępny.', sources: 'Źródła', photo: 'Zdjęcie',
      typing: 'Pisze…',
    },
  };

  // The UI language for a BCP-47 tag: Chinese by script or region, else the exact tag, else its
  // primary language (pt-BR → pt, de-AT → de), else null.
  function uiLanguage(tag) {
    const low = String(tag || '').toLowerCase();
    if (/^zh\b/.test(low)) return /hant|-tw|-hk|-mo/.test(low) ? 'zh-TW' : 'zh-CN';
    const primary = { iw: 'he', in: 'id' }[low.split('-')[0]] || low.split('-')[0];
    return Object.keys(STRINGS).find(k => k.toLowerCase() === low) || (STRINGS[primary] ? primary : null);
  }
  const LOCALE = navigator.language || 'en';
  const LANG = uiLanguage(LOCALE) || 'en';
  const T = STRINGS[LANG];
  const RTL = LANG === 'ar' || LANG === 'he';
  const tr = (key, vars) => T[key].replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));

  // "12 minutes", "3 hours", "2 days" in the UI language.
  function duration(seconds) {
    const min = Math.max(1, Math.ceil(seconds / 60));
    const [n, unit] = min < 90 ? [min, 'minute'] : min < 48 * 60 ? [Math.ceil(min / 60), 'hour'] : [Math.ceil(min / 1440), 'day'];
    try { return new Intl.NumberFormat(LANG, { style: 'unit', unit, unitDisplay: 'long' }).format(n); } catch (_) {
      return n + ' ' + { minute: 'min', hour: 'h', day: 'd' }[unit];
    }
  }

  // ---- stored state -----------------------------------------------------------------------
  // log: what was shown, oldest first: {r: 'buyer', seq, id, text, att} | {r: 'bot', seq, to, text,
  //   lang, src} | {r: 'agent', seq, text, lang, name} | {r: 'handoff', seq, to, text, lang, wait} |
  //   {r: 'notice', seq, kind: 'resolved'}.
  // out: buyer messages not acked yet, in the order typed: {id, text, att}.
  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(KEY));
      if (s && typeof s === 'object') {
        return {
          cid: typeof s.cid === 'string' ? s.cid : null,
          seq: Number.isSafeInteger(s.seq) && s.seq > 0 ? s.seq : 0,
          at: +s.at || 0,
          log: Array.isArray(s.log) ? s.log.filter(e => e && typeof e === 'object').sort((a, b) => a.seq - b.seq) : [],
          out: Array.isArray(s.out) ? s.out.filter(o => o && typeof o.id === 'string') : [],
        };
      }
    } catch (_) { /* no storage, or not ours: start empty */ }
    return { cid: null, seq: 0, at: 0, log: [], out: [] };
  }
  const store = load();
  function save() {
    if (store.log.length > MAX_LOG) store.log.splice(0, store.log.length - MAX_LOG);
    try { localStorage.setItem(KEY, JSON.stringify(store)); } catch (_) { /* storage full or blocked: memory only */ }
  }
  const session = {
    get: () => { try { return sessionStorage.getItem(OPEN_KEY) === '1'; } catch (_) { return false; } },
    set: v => { try { if (v) sessionStorage.setItem(OPEN_KEY, '1'); else sessionStorage.removeItem(OPEN_KEY); } catch (_) { /* fine */ } },
  };
  const newId = () => 'w-' + (crypto.randomUUID ? crypto.randomUUID()
    : [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join(''));

  // ---- DOM helpers ------------------------------------------------------------------------
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids.flat()) if (c != null && c !== false) el.append(c); // strings become text nodes
    return el;
  }
  // A 24×24 icon: stroked lines, or a filled shape.
  function icon(d, filled) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', d);
    if (filled) p.setAttribute('fill', 'currentColor');
    else for (const [k, v] of [['fill', 'none'], ['stroke', 'currentColor'], ['stroke-width', '2'], ['stroke-linecap', 'round'], ['stroke-linejoin', 'round']]) p.setAttribute(k, v);
    svg.append(p);
    return svg;
  }
  const ICON_CHAT = 'M5 4h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-8l-5 4v-4H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
  const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
  const ICON_DOWN = 'M6 9l6 6 6-6';
  const ICON_SEND = 'M3 20.5l18-8.5L3 3.5V10l12 2-12 2z';
  const ICON_CLIP = 'M20.5 11.5l-8.3 8.3a5 5 0 0 1-7.1-7.1l8.6-8.6a3.4 3.4 0 0 1 4.8 4.8l-8.4 8.4a1.8 1.8 0 0 1-2.6-2.6l7.6-7.6';

  // Text with its http(s) links as <a>; everything else stays text.
  const LINK = /\bhttps?:\/\/[^\s<>"'`\u0080-\uffff]+/gi;
  function richText(text) {
    const out = [];
    let last = 0;
    for (const m of text.matchAll(LINK)) {
      let raw = m[0];
      // Trailing punctuation ends the sentence, not the link; a ")" stays when it closes a "(".
      const count = c => raw.split(c).length - 1;
      while (/[.,;:!?'")\]}]$/.test(raw) && !(raw.endsWith(')') && count('(') >= count(')'))) raw = raw.slice(0, -1);
      let url = null;
      try { url = new URL(raw); } catch (_) { /* not a URL after all */ }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
      if (m.index > last) out.push(text.slice(last, m.index));
      out.push(h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer' }, raw));
      last = m.index + raw.length;
    }
    out.push(text.slice(last));
    return out;
  }
  // A kefu URL (uploads are paths on kefu) or an absolute http(s) one; null for anything else.
  function safeUrl(u) {
    try { const url = new URL(String(u), ORIGIN); return /^https?:$/.test(url.protocol) ? url.href : null; } catch (_) { return null; }
  }
  const str = v => (typeof v === 'string' ? v : '');
  const posInt = v => (Number.isSafeInteger(v) && v > 0 ? v : 0);

  // ---- configuration, then the UI -----------------------------------------------------------
  async function loadConfig() {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 4000);
    try {
      const r = await fetch(ORIGIN + '/v1/widget/config?shop=' + encodeURIComponent(SHOP), { signal: ctl.signal, credentials: 'omit' });
      if (r.ok) { const c = await r.json(); if (c && typeof c === 'object') return c; }
      console.warn('kefu widget: GET /v1/widget/config answered ' + r.status + '; using defaults');
    } catch (e) {
      console.warn('kefu widget: no widget config (' + e.message + '); using defaults');
    } finally { clearTimeout(timer); }
    return {};
  }

  // The shop's greeting in the buyer's language, else the widget's own.
  function greeting(map) {
    if (map && typeof map === 'object') {
      const keys = Object.keys(map).filter(k => str(map[k]).trim());
      const want = [LOCALE, LANG, LOCALE.split('-')[0], LANG.split('-')[0]].map(s => s.toLowerCase());
      for (const w of want) {
        const k = keys.find(k => k.toLowerCase() === w);
        if (k) return [map[k], k];
      }
    }
    return [T.greeting, LANG];
  }

  // Black or white text on the brand colour, whichever reads better.
  function onColour(hex) {
    const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map(c => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#111' : '#fff';
  }

  // The page's own rules can still reach the <kefu-widget> host (an outer `*{…}` rule beats
  // :host), so the inherited text properties are set again on .w, which no page rule matches.
  const CSS = `
:host{all:initial}
.w{--c:#1d5bc9;--on:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei","Noto Sans Arabic","Noto Sans Hebrew",sans-serif;color:#1b2230;
letter-spacing:normal;word-spacing:normal;text-transform:none;text-indent:0;text-align:start;text-shadow:none;white-space:normal;font-feature-settings:normal;visibility:visible;cursor:auto}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;color:inherit;cursor:pointer;margin:0}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.launcher{position:fixed;inset-inline-end:20px;bottom:20px;z-index:2147483000;width:58px;height:58px;padding:0;border:0;border-radius:50%;background:var(--c);color:var(--on);box-shadow:0 4px 16px #0005;display:grid;place-items:center}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-3px;inset-inline-end:-3px;min-width:21px;height:21px;padding:0 6px;border-radius:11px;background:#d7263d;color:#fff;font-size:12px;font-weight:700;line-height:21px}
.panel{position:fixed;inset-inline-end:20px;bottom:90px;z-index:2147483001;width:380px;height:min(620px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px #0004;overflow:hidden}
@media (max-width:480px),(max-height:520px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
header{display:flex;align-items:center;gap:10px;padding-block:10px;padding-inline:12px 8px;background:var(--c);color:var(--on)}
.avatar{width:38px;height:38px;flex:none;border-radius:50%;object-fit:cover;background:#fff3;display:grid;place-items:center;font-weight:700;font-size:17px}
.hd{flex:1;min-width:0}
.name{font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.conn{display:flex;align-items:center;gap:6px;font-size:12.5px}
.conn::before{content:"";width:8px;height:8px;border-radius:50%;background:#f5b400;box-shadow:0 0 0 2px #fff8}
.conn[data-state=online]::before{background:#2fbf5b}
.conn[data-state=offline]::before{background:#d7263d}
.x{width:40px;height:40px;flex:none;padding:0;border:0;border-radius:8px;background:transparent;display:grid;place-items:center}
.x:hover{background:#0002}
.x svg{width:22px;height:22px}
.scroll{flex:1;overflow-y:auto;background:#f4f5f7;padding:12px}
.log{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:16px;background:#fff;border:1px solid #dfe3ea;white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start;border-end-start-radius:5px}
.msg[data-role=buyer]{align-self:flex-end;background:var(--c);color:var(--on);border-color:transparent;border-end-start-radius:16px;border-end-end-radius:5px}
.msg[data-role=notice]{align-self:center;max-width:95%;border-radius:10px;background:#fff6dc;border-color:#efd78c;color:#543a00;font-size:13.5px;text-align:center}
.msg[data-state=streaming]{opacity:.85}
.msg a{color:inherit;text-decoration:underline}
.who{display:block;font-size:12px;font-weight:700;color:#4a5566;white-space:normal}
.st{display:block;font-size:11.5px;opacity:.85;text-align:end;white-space:normal}
.msg[data-state=failed]{background:#fdeceb;color:#8a1c14;border-color:#f3b7b2}
.msg img{display:block;max-width:100%;max-height:240px;border-radius:10px;margin:2px 0}
.src{margin:6px 0 0;padding:6px 0 0;border-top:1px solid #e3e6ec;font-size:12px;color:#4a5566;white-space:normal}
.src ul{margin:2px 0 0;padding-inline-start:18px}
.typing{display:flex;gap:4px;padding:12px 14px;margin-top:8px;width:max-content;background:#fff;border:1px solid #dfe3ea;border-radius:16px;border-end-start-radius:5px}
.typing i{width:7px;height:7px;border-radius:50%;background:#8a94a6;animation:k 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes k{0%,60%,100%{transform:none;opacity:.5}30%{transform:translateY(-4px);opacity:1}}
.status{padding:7px 12px;font-size:13px;background:#fff6dc;color:#543a00;border-top:1px solid #efd78c}
form{display:flex;align-items:flex-end;gap:6px;margin:0;padding:8px;border-top:1px solid #dfe3ea;background:#fff}
textarea{flex:1;min-width:0;min-height:42px;max-height:128px;margin:0;padding:9px 11px;font:inherit;color:inherit;background:#fff;border:1px solid #aab2c0;border-radius:12px;resize:none}
.icon{width:42px;height:42px;flex:none;padding:0;border:0;border-radius:12px;background:transparent;color:#3a4558;display:grid;place-items:center}
.icon:hover{background:#eef0f4}
.icon svg{width:22px;height:22px}
.icon.send{background:var(--c);color:var(--on)}
.icon:disabled{opacity:.5;cursor:default}
[dir=rtl] .send svg{transform:scaleX(-1)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}}
`;

  async function start() {
    const cfg = await loadConfig();
    const colour = /^#[0-9a-f]{6}$/i.test(str(cfg.colour)) ? cfg.colour : '#1d5bc9';
    const shopName = str(cfg.name).trim() || SHOP;
    const maxUpload = posInt(cfg.max_upload_bytes) || 5 * 1024 * 1024;
    const [greetText, greetLang] = greeting(cfg.greeting);
    const avatarUrl = cfg.avatar_url ? safeUrl(cfg.avatar_url) : null;

    // ---- the UI ----
    const host = h('kefu-widget', { 'data-shop': SHOP });
    const root = host.attachShadow({ mode: 'open' });
    const initial = () => h('span', { class: 'avatar', 'aria-hidden': 'true' }, [...shopName][0].toUpperCase());
    const avatar = avatarUrl
      ? h('img', { class: 'avatar', src: avatarUrl, alt: '', onerror: () => avatar.replaceWith(initial()) })
      : initial();
    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const launcher = h('button', {
      type: 'button', class: 'launcher', 'data-testid': 'launcher', 'aria-label': T.open,
      'aria-expanded': 'false', 'aria-controls': 'kefu-panel', 'aria-haspopup': 'dialog',
    }, icon(ICON_CHAT), badge);
    const conn = h('span', { class: 'conn', 'data-testid': 'connection', 'data-state': 'offline', role: 'status' }, T.offline);
    const closeBtn = h('button', { type: 'button', class: 'x', 'data-testid': 'close', 'aria-label': T.close }, icon(ICON_CLOSE));
    const log = h('ol', { class: 'log', 'data-testid': 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    const typing = h('div', { class: 'typing', 'data-testid': 'typing', hidden: true },
      h('i'), h('i'), h('i'), h('span', { class: 'sr' }, T.typing));
    const scroller = h('div', { class: 'scroll' }, log, typing);
    const status = h('div', { class: 'status', 'data-testid': 'status', role: 'status', hidden: true });
    const input = h('textarea', {
      'data-testid': 'input', rows: '1', maxlength: '2000', placeholder: T.input, 'aria-label': T.input,
      enterkeyhint: 'send',
    });
    const file = h('input', { type: 'file', accept: IMAGE_TYPES.join(','), 'data-testid': 'file', hidden: true, tabindex: '-1' });
    const attachBtn = h('button', { type: 'button', class: 'icon', 'data-testid': 'attach', 'aria-label': T.attach, title: T.attach }, icon(ICON_CLIP));
    const sendBtn = h('button', { type: 'submit', class: 'icon send', 'data-testid': 'send', 'aria-label': T.send, title: T.send }, icon(ICON_SEND, true));
    const form = h('form', { novalidate: true }, attachBtn, file, input, sendBtn);
    const panel = h('div', {
      class: 'panel', id: 'kefu-panel', 'data-testid': 'panel', role: 'dialog', 'aria-modal': 'true',
      'aria-label': tr('title', { shop: shopName }), hidden: true,
    }, h('header', null, avatar, h('div', { class: 'hd' }, h('div', { class: 'name' }, shopName), conn), closeBtn),
    scroller, status, form);
    const wrap = h('div', { class: 'w', lang: LANG, dir: RTL ? 'rtl' : 'ltr', style: `--c:${colour};--on:${onColour(colour)}` }, launcher, panel);
    const style = h('style', null, CSS);
    root.append(style, wrap);

    // ---- rendering ----
    const streaming = new Map(); // buyer seq → {li, text}: the bot bubble its deltas are written into
    const buyerViews = new Map(); // client_msg_id → buyer bubble
    let unread = 0;

    function atBottom() { return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80; }
    // Appends `li` (or puts it in place of `old`), staying at the bottom if the buyer was there.
    function add(li, force, old) {
      const stick = force || atBottom();
      if (old && old.isConnected) old.replaceWith(li); else log.append(li);
      if (stick) scroller.scrollTop = scroller.scrollHeight;
    }
    function attachments(att) {
      return (Array.isArray(att) ? att : []).map(a => {
        const src = a && a.kind === 'image' && safeUrl(a.url);
        return src ? h('img', { src, alt: T.photo, loading: 'lazy' }) : null;
      });
    }
    function buyerBubble(m, state) {
      const li = h('li', {
        class: 'msg', 'data-testid': 'message', 'data-role': 'buyer', 'data-state': state,
        'data-client-msg-id': m.id, 'data-seq': m.seq || null, dir: 'auto',
      }, attachments(m.att), m.text ? h('span', null, richText(m.text)) : null,
      state === 'sent' ? null : h('span', { class: 'st' }, state === 'failed' ? T.failed : T.sending));
      buyerViews.set(m.id, li);
      return li;
    }
    // Bubbles are dir=auto: each lines up with its own text (an English reply in an Arabic UI).
    function botBody(li, text, sources) {
      li.dir = 'auto';
      li.replaceChildren(h('span', null, richText(text)));
      if (sources && sources.length) {
        li.append(h('div', { class: 'src' }, T.sources, h('ul', null, sources.map(s => h('li', { dir: 'auto' }, s)))));
      }
      return li;
    }
    function notice(text, attrs) {
      return h('li', Object.assign({ class: 'msg', 'data-testid': 'message', 'data-role': 'notice' }, attrs), text);
    }
    function render(e) {
      switch (e.r) {
        case 'buyer': return buyerBubble(e, e.seq ? 'sent' : 'pending');
        case 'bot': return botBody(h('li', { class: 'msg', 'data-testid': 'message', 'data-role': 'bot', 'data-seq': e.seq, 'data-reply-to': e.to, lang: e.lang || null }), e.text, e.src);
        case 'agent': return h('li', { class: 'msg', 'data-testid': 'message', 'data-role': 'agent', 'data-seq': e.seq, lang: e.lang || null, dir: 'auto' },
          h('span', { class: 'who', dir: 'auto' }, e.name), h('span', null, richText(e.text)));
        case 'handoff': return h('li', { class: 'msg', 'data-testid': 'handoff', 'data-role': 'notice', 'data-seq': e.seq, 'data-reply-to': e.to || null },
          e.text ? h('span', { dir: 'auto', lang: e.lang || null }, e.text) : null,
          Number.isFinite(e.wait) ? h('span', { class: 'who' }, tr('handoff', { t: duration(e.wait) })) : null);
        case 'notice': return notice(T.resolved, { 'data-seq': e.seq });
        default: return null;
      }
    }
    function renderAll() {
      streaming.clear();
      buyerViews.clear();
      log.replaceChildren(h('li', { class: 'msg', 'data-testid': 'greeting', 'data-role': 'bot', lang: greetLang, dir: 'auto' }, greetText));
      for (const e of store.log) { const li = render(e); if (li) log.append(li); }
      for (const o of store.out) log.append(buyerBubble(o, 'pending'));
      scroller.scrollTop = scroller.scrollHeight;
    }
    function setUnread(n) {
      unread = n;
      badge.hidden = !n;
      badge.textContent = n > 9 ? '9+' : String(n);
      launcher.setAttribute('aria-label', n ? T.open + ' (' + n + ')' : T.open);
    }

    let statusTimer = 0;
    function say(text, sticky) {
      clearTimeout(statusTimer);
      status.textContent = text || '';
      status.hidden = !text;
      if (text && !sticky) statusTimer = setTimeout(() => { status.hidden = true; }, 7000);
    }
    function setState(s) {
      conn.dataset.state = s;
      conn.textContent = T[s];
      if (s === 'offline' && store.out.length && !fatal) say(T.queued, true);
      else if (s === 'online' && status.textContent === T.queued) say('');
    }

    // ---- opening and closing ----
    const isOpen = () => !panel.hidden;
    function open(focus) {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      launcher.replaceChildren(icon(ICON_DOWN), badge);
      setUnread(0);
      session.set(true);
      scroller.scrollTop = scroller.scrollHeight;
      if (focus) input.focus();
      wake();
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.replaceChildren(icon(ICON_CHAT), badge);
      session.set(false);
      launcher.focus();
    }
    launcher.addEventListener('click', () => (isOpen() ? close() : open(true)));
    closeBtn.addEventListener('click', close);
    panel.addEventListener('keydown', ev => {
      if (ev.key === 'Escape') { ev.preventDefault(); close(); return; }
      if (ev.key !== 'Tab') return;
      // Focus stays in the open panel.
      const items = [...panel.querySelectorAll('button,textarea,a[href]')].filter(el => !el.disabled && el.getClientRects().length);
      if (!items.length) return;
      const first = items[0], last = items[items.length - 1], active = root.activeElement;
      if (ev.shiftKey && (active === first || !panel.contains(active))) { ev.preventDefault(); last.focus(); }
      else if (!ev.shiftKey && active === last) { ev.preventDefault(); first.focus(); }
    });

    // ---- the socket ----
    let ws = null; // the current socket, null when there is none
    let welcomed = false;
    let attempt = 0; // reconnects since the last welcome
    let retryTimer = 0;
    let pumpTimer = 0;
    let fatal = false; // unknown shop or a refused origin: do not come back
    let idle = false; // the server closed an idle socket: reconnect when the buyer is back
    let lastError = '';
    let ackedSeq = 0;
    let ackTimer = 0;
    let lastTyping = 0;
    let welcomeWaiters = [];
    const sendState = new Map(); // client_msg_id → {sentAt, sends, retryAt, failed}

    function frame(f) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(Object.assign({ v: 1 }, f)));
      return true;
    }
    // Connects unless a socket is up or coming; the buyer's own actions also end an idle pause.
    function wake() {
      if (fatal) return;
      idle = false;
      if (!ws && navigator.onLine !== false) connect();
    }
    function connect() {
      clearTimeout(retryTimer);
      if (ws || fatal) return;
      if (navigator.onLine === false) { setState('offline'); return; } // the 'online' event brings us back
      setState('connecting');
      let sock;
      try { sock = new WebSocket(WS_URL); } catch (_) { reconnectLater(); return; }
      ws = sock;
      welcomed = false;
      lastError = '';
      sock.onopen = () => {
        if (ws !== sock) return;
        const hello = { type: 'hello', locale: LOCALE, context: pageContext() };
        if (store.cid) { hello.conversation_id = store.cid; hello.last_seq = store.seq; }
        helloCid = store.cid;
        ackedSeq = store.seq;
        frame(hello);
      };
      sock.onmessage = ev => {
        if (ws !== sock) return;
        let f;
        try { f = JSON.parse(ev.data); } catch (_) { return; }
        if (f && typeof f.type === 'string') {
          try { onFrame(f); } catch (e) { console.error('kefu widget: frame', f.type, e); }
        }
      };
      sock.onclose = ev => { if (ws === sock) lost(ev.code, ev.reason); };
    }
    let helloCid = null;
    // The socket is gone (closed by either side, or given up on).
    function lost(code, reason) {
      if (ws) { const s = ws; ws = null; s.onclose = s.onmessage = s.onopen = null; try { s.close(); } catch (_) { /* closing already */ } }
      welcomed = false;
      clearInterval(pumpTimer);
      clearTimeout(ackTimer);
      typing.hidden = true;
      const why = lastError || String(reason || '');
      if (/unknown_shop|unknown shop|origin/i.test(why) && code === 1008) {
        fatal = true;
        setState('offline');
        say(T.closed, true);
        console.warn('kefu widget: the chat refused this page (' + why + ')');
        return;
      }
      setState('offline');
      if (lastError === 'idle_timeout' || /idle/i.test(why)) { idle = true; if (isOpen() || store.out.length) wake(); return; }
      if (navigator.onLine !== false) reconnectLater();
    }
    function reconnectLater() {
      clearTimeout(retryTimer);
      const delay = Math.round(Math.min(30000, 1000 * 2 ** attempt++) * (0.75 + Math.random() * 0.5));
      retryTimer = setTimeout(connect, delay);
    }
    addEventListener('online', () => { if (!ws && !fatal && !idle) { attempt = 0; connect(); } });
    addEventListener('offline', () => { if (ws) lost(1006, 'offline'); });
    document.addEventListener('visibilitychange', () => {
      // Phones drop sockets of background tabs; come back at once instead of after the backoff.
      if (document.visibilityState === 'visible' && !ws && !fatal && !idle && navigator.onLine !== false) connect();
    });

    function onFrame(f) {
      switch (f.type) {
        case 'welcome': return onWelcome(f);
        case 'ack': return onAck(f);
        case 'typing': typing.hidden = !f.on; if (f.on && atBottom()) scroller.scrollTop = scroller.scrollHeight; return;
        case 'reply_delta': return onDelta(f);
        case 'reply': case 'handoff': case 'agent_message': case 'resolved': return onEntry(f);
        case 'error': return onError(f);
        default: return undefined; // a newer server's frame
      }
    }

    function onWelcome(f) {
      const cid = str(f.conversation_id);
      if (!cid) return;
      if (!f.resumed && (helloCid || store.log.length)) {
        // Unknown, expired or someone else's conversation: start fresh (unsent messages stay).
        store.log = [];
        store.seq = 0;
        ackedSeq = 0;
        renderAll();
      } else if (f.resumed && Number.isSafeInteger(f.last_seq) && f.last_seq < store.seq) {
        store.seq = ackedSeq = f.last_seq; // the server has less than we showed: take what it sends
      }
      for (const s of streaming.values()) s.li.remove(); // a resume brings the final reply instead
      streaming.clear();
      store.cid = cid;
      store.at = Date.now();
      save();
      panel.dataset.conversation = cid;
      welcomed = true;
      attempt = 0;
      setState('online');
      for (const s of sendState.values()) { s.sentAt = 0; s.sends = 0; }
      clearInterval(pumpTimer);
      pumpTimer = setInterval(pump, 1000);
      pump();
      const waiters = welcomeWaiters;
      welcomeWaiters = [];
      for (const w of waiters) w();
    }

    // The highest seq shown; acknowledged to the server a moment after rendering.
    function seen(seq) {
      if (seq > store.seq) store.seq = seq;
      clearTimeout(ackTimer);
      ackTimer = setTimeout(() => {
        if (welcomed && store.seq > ackedSeq && frame({ type: 'ack', seq: store.seq })) ackedSeq = store.seq;
      }, 250);
    }

    function onAck(f) {
      const id = str(f.client_msg_id), seq = posInt(f.seq);
      if (!id || !seq) return;
      const i = store.out.findIndex(o => o.id === id);
      if (i >= 0) {
        const o = store.out.splice(i, 1)[0];
        const e = { r: 'buyer', seq, id, text: o.text };
        if (o.att) e.att = o.att;
        store.log.push(e);
        sendState.delete(id);
        const pendingView = buyerViews.get(id);
        add(buyerBubble(e, 'sent'), false, pendingView);
      } else if (!store.log.some(e => e.r === 'buyer' && e.id === id) && seq > store.seq) {
        // Sent from another tab of this shop: its text is in that tab's copy of the storage.
        const other = load();
        const m = other.out.concat(other.log).find(e => e.id === id);
        if (m) { const e = { r: 'buyer', seq, id, text: str(m.text), att: m.att }; store.log.push(e); add(render(e)); }
      }
      seen(seq);
      store.at = Date.now();
      save();
      if (!store.out.length && status.textContent !== T.closed) say('');
    }

    function onDelta(f) {
      const to = posInt(f.seq);
      if (!to || store.log.some(e => e.to === to)) return; // already answered
      let s = streaming.get(to);
      if (!s) {
        // aria-hidden while it grows: screen readers hear the final reply once, not every piece.
        s = { text: '', li: h('li', { class: 'msg', 'data-testid': 'message', 'data-role': 'bot', 'data-state': 'streaming', 'data-reply-to': to, 'aria-hidden': 'true' }) };
        streaming.set(to, s);
        add(s.li);
      }
      const stick = atBottom();
      s.text += str(f.text);
      botBody(s.li, s.text);
      typing.hidden = true;
      if (stick) scroller.scrollTop = scroller.scrollHeight;
    }

    function onEntry(f) {
      const seq = posInt(f.seq);
      if (!seq || seq <= store.seq) return; // shown already
      const lang = str(f.language) || undefined;
      let e;
      if (f.type === 'reply') {
        const src = [...new Set((Array.isArray(f.sources) ? f.sources : []).map(s => str(s && s.title).trim()).filter(Boolean))].slice(0, 4);
        e = { r: 'bot', seq, to: posInt(f.reply_to), text: str(f.text), lang, src };
      } else if (f.type === 'handoff') {
        e = { r: 'handoff', seq, to: posInt(f.reply_to), text: str(f.text), lang, wait: Number.isFinite(f.expected_wait) ? f.expected_wait : undefined };
      } else if (f.type === 'agent_message') {
        e = { r: 'agent', seq, text: str(f.text), lang, name: str(f.agent_name) };
      } else {
        e = { r: 'notice', seq, kind: 'resolved' };
      }
      const li = render(e);
      const partial = e.to && streaming.get(e.to);
      if (partial) streaming.delete(e.to);
      add(li, false, partial && partial.li);
      if (e.r === 'bot' || e.r === 'handoff') typing.hidden = true;
      store.log.push(e);
      if (!isOpen() && e.r !== 'notice') setUnread(unread + 1);
      seen(seq);
      store.at = Date.now();
      save();
    }

    function onError(f) {
      const code = str(f.code);
      lastError = code;
      const id = str(f.client_msg_id);
      const s = id && sendState.get(id);
      console.warn('kefu widget: ' + code + ': ' + str(f.message)); // the message is for developers
      if ((code === 'rate_limited' || code === 'busy') && s) {
        // busy: many buyers at once; spread the resends so they do not return together.
        const jitter = code === 'busy' ? Math.random() * 2000 : 0;
        s.retryAt = Date.now() + jitter + Math.min(60000, Math.max(500, posInt(f.retry_after_ms) || 2000));
        s.sentAt = s.sends = 0; // the socket answered: it is alive
        say(T.slow);
      } else if (code === 'unavailable' && s) {
        s.retryAt = Date.now() + 2000 + Math.random() * 2000;
        s.sentAt = s.sends = 0;
        say(T.retry);
      } else if (code === 'unavailable' && !welcomed && ws) {
        lost(1011, code); // the hello failed: try again later
      } else if (code === 'invalid_conversation_id' && ws) {
        store.cid = null; // not ours to resume: start a new conversation
        save();
        lost(1011, code);
      } else if (id && ['empty_message', 'message_too_long', 'invalid_client_msg_id', 'invalid_frame'].includes(code)) {
        // This message can never be stored: show it as not sent.
        const i = store.out.findIndex(o => o.id === id);
        if (i >= 0) {
          const [o] = store.out.splice(i, 1);
          sendState.delete(id);
          save();
          const old = buyerViews.get(id);
          if (old) old.replaceWith(buyerBubble(o, 'failed'));
        }
      }
    }

    // Sends what is waiting, resends what was not acked in time, and gives up on a socket that
    // stopped answering (acks for two sends of a message never came).
    function pump() {
      if (!welcomed) return;
      const now = Date.now();
      for (const o of store.out) {
        let s = sendState.get(o.id);
        if (!s) sendState.set(o.id, s = { sentAt: 0, sends: 0, retryAt: 0 });
        if (s.retryAt > now || (s.sentAt && now - s.sentAt < RESEND_MS)) continue;
        if (s.sends >= 2 && s.sentAt) { lost(1006, 'no ack'); return; }
        const f = { type: 'message', client_msg_id: o.id, text: o.text, context: pageContext() };
        if (o.att) f.attachments = o.att;
        if (!frame(f)) return;
        s.sentAt = now;
        s.retryAt = 0;
        s.sends++;
      }
    }

    function queue(text, att) {
      const o = { id: newId(), text };
      if (att) o.att = att;
      store.out.push(o);
      store.at = Date.now();
      save();
      add(buyerBubble(o, 'pending'), true);
      if (!ws) { if (navigator.onLine === false) setState('offline'); wake(); }
      pump();
    }

    // ---- composing ----
    function autosize() {
      // What the buyer types runs in its own direction; the empty field (its placeholder) in the UI's.
      if (input.value) input.dir = 'auto'; else input.removeAttribute('dir');
      input.style.height = 'auto';
      input.style.height = Math.min(input.scrollHeight + 2, 128) + 'px';
    }
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      autosize();
      queue(text);
      input.focus();
    });
    input.addEventListener('keydown', ev => {
      // Enter sends, Shift+Enter is a new line; never while an IME is composing (Chinese, Japanese …).
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        form.requestSubmit ? form.requestSubmit() : sendBtn.click();
      }
    });
    input.addEventListener('input', () => {
      autosize();
      if (idle) wake(); // back after an idle close (during a backoff, the timer reconnects)
      const now = Date.now();
      if (welcomed && input.value.trim() && now - lastTyping > TYPING_MS && frame({ type: 'typing' })) lastTyping = now;
    });

    // ---- image attachments ----
    function whenWelcomed(ms) {
      if (welcomed) return Promise.resolve(true);
      wake();
      return new Promise(resolve => {
        const t = setTimeout(() => resolve(false), ms);
        welcomeWaiters.push(() => { clearTimeout(t); resolve(true); });
      });
    }
    const tooBig = tr('big', { n: new Intl.NumberFormat(LANG, { maximumFractionDigits: 1 }).format(maxUpload / 1048576) });
    attachBtn.addEventListener('click', () => file.click());
    file.addEventListener('change', async () => {
      const f = file.files && file.files[0];
      file.value = '';
      if (!f) return;
      if (!IMAGE_TYPES.includes(f.type)) { say(T.type); return; }
      if (f.size > maxUpload) { say(tooBig); return; }
      attachBtn.disabled = true;
      say(T.up, true);
      try {
        if (!(await whenWelcomed(10000)) || !store.cid) throw new Error('offline');
        const r = await fetch(ORIGIN + '/v1/uploads?shop=' + encodeURIComponent(SHOP) + '&conversation=' + encodeURIComponent(store.cid),
          { method: 'POST', headers: { 'Content-Type': f.type }, body: f, credentials: 'omit' });
        if (r.status === 413) { say(tooBig); return; }
        if (r.status === 415) { say(T.type); return; }
        const body = r.ok ? await r.json() : null;
        if (!body || !str(body.url)) throw new Error('POST /v1/uploads answered ' + r.status);
        say('');
        const text = input.value.trim();
        input.value = '';
        autosize();
        queue(text, [{ kind: 'image', url: body.url }]);
      } catch (e) {
        console.warn('kefu widget: upload failed: ' + e.message);
        say(T.upfail);
      } finally {
        attachBtn.disabled = false;
      }
    });

    // ---- go ----
    renderAll();
    setState('offline');
    (document.body || document.documentElement).append(host);
    if (session.get()) open(false);
    // Resume a recent conversation at once (agent messages, unsent messages); else wait for the buyer.
    if (store.out.length || (store.cid && Date.now() - store.at < EAGER_MS)) wake();
  }

  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
