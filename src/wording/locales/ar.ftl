# kefu's replies in Modern Standard Arabic (العربية الفصحى).

# Reference and variables: en.ftl

## Small talk

greeting = مرحبًا! أهلًا بك في متجر { $shop }. كيف يمكنني مساعدتك اليوم؟
thanks = على الرحب والسعة! هل هناك أي شيء آخر يمكنني مساعدتك فيه؟
out-of-scope = يمكنني المساعدة فقط فيما يخص الطلبات والشحن والإرجاع والمنتجات الخاصة بمتجر { $shop }. كيف يمكنني مساعدتك؟

## Answers quoted from the shop's own pages

from-shop = إليك ما يذكره متجر { $shop }:
not-sure = لا أعلم إن كان بإمكاني الإجابة عن ذلك بشكل صحيح.

## Asking for what is missing

ask-order-id = هل يمكنك تزويدي برقم طلبك؟ ستجده في تأكيد الطلب.
ask-country = إلى أي دولة يجب شحن الطلب؟
ask-photo = يؤسفنا سماع ذلك! يُرجى إرسال صورة للمنتج وتغليفه، مع رقم طلبك، حتى يتمكن فريقنا من معالجة الأمر.
order-not-found = لم أتمكن من العثور على الطلب { $order } في متجر { $shop }. هل يمكنك التحقق من الرقم؟ ستجده في تأكيد الطلب.
order-verify = لحماية طلبك: ما البريد الإلكتروني أو رقم الهاتف أو الرمز البريدي المسجّل في الطلب { $order }؟
order-verify-mismatch = هذا لا يطابق الطلب { $order }. يرجى ذكر البريد الإلكتروني أو رقم الهاتف أو الرمز البريدي الذي استُخدم في الطلب.

## Order status

order-pending = تم تقديم الطلب { $order } وهو بانتظار الدفع أو التأكيد.
order-processing = الطلب { $order } قيد التجهيز ولم يتم شحنه بعد.
order-shipped = تم شحن الطلب { $order } عبر { $carrier }. رقم التتبع: { $tracking }.
order-shipped-untracked = تم شحن الطلب { $order } عبر { $carrier }.
order-delivered = تم توصيل الطلب { $order } بتاريخ { $date }.
order-cancelled = تم إلغاء الطلب { $order }.
order-returned = تم إرجاع الطلب { $order }.
order-return-requested = هناك عملية إرجاع جارية للطلب { $order }: سيُرد المبلغ بمجرد أن يستلم المتجر المنتجات.
order-exchange-requested = هناك عملية استبدال جارية للطلب { $order }.
order-eta = موعد التوصيل المتوقع: بين { $from } و{ $to }.
order-eta-passed = لقد انقضت الفترة المتوقعة للتوصيل (من { $from } إلى { $to }). إذا لم يصلك الطلب خلال بضعة أيام، فراسلنا وسنتحقق من الأمر مع شركة الشحن.
order-last-update = آخر تحديث للتتبع: { $date }.
order-track = يمكنك تتبع الشحنة من هنا: { $url }
order-not-received = إذا كانت معلومات التتبع تشير إلى أن الطلب قد تم توصيله ولكنك لم تستلمه، فيُرجى السؤال لدى جيرانك ومكتب البريد المحلي؛ وإذا ظل مفقودًا، فرُدّ هنا وسيفتح أحد موظفينا تحقيقًا مع شركة الشحن.

## Shipping

shipping-intro = الشحن من متجر { $shop } إلى { $country }:
shipping-intro-other = الشحن من متجر { $shop } إلى { $country } (خيارات المتجر لجميع الوجهات الأخرى):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }، { $min }–{ $max } { $max ->
        [zero] يوم
        [one] يوم
        [two] يوم
        [few] أيام
        [many] يومًا
       *[other] يوم
    }
shipping-none = عذرًا، لا يشحن متجر { $shop } إلى { $country } في الوقت الحالي.

## Returns

returns-window = يمكنك إرجاع المنتجات خلال { $days ->
        [zero] { $days } يوم
        [one] { $days } يوم
        [two] { $days } يوم
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } من تاريخ التوصيل.
returns-until = تم توصيل الطلب { $order } بتاريخ { $date }، لذا يمكنك إرجاعه حتى { $until }.
returns-expired = تم توصيل الطلب { $order } بتاريخ { $date }؛ وقد انتهت مهلة الإرجاع البالغة { $days ->
        [zero] { $days } يوم
        [one] { $days } يوم
        [two] { $days } يوم
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } في { $until }. ومع ذلك، يمكن لأحد موظفينا مراجعة حالتك إذا كان المنتج معيبًا.
returns-policy = تفاصيل سياسة الإرجاع لدى متجر { $shop }:

## Complaints

complaint = نأسف للإزعاج. نريد إصلاح الأمر: هل يمكنك إخباري برقم طلبك وبالمشكلة التي واجهتها؟

## Hand-off to a person

handoff = سأحوّلك إلى أحد أعضاء فريقنا. سيرد عليك أحد الموظفين عادةً خلال { $minutes ->
        [zero] { $minutes } دقيقة
        [one] { $minutes } دقيقة
        [two] { $minutes } دقيقة
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
handoff-closed = سأحوّلك إلى أحد أعضاء فريقنا. نحن مغلقون الآن؛ وسيرد عليك أحد الموظفين بعد أن نفتح { $day ->
        [mon] يوم الاثنين
        [tue] يوم الثلاثاء
        [wed] يوم الأربعاء
        [thu] يوم الخميس
        [fri] يوم الجمعة
        [sat] يوم السبت
       *[sun] يوم الأحد
    } الساعة { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = السعر

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = إليك ما تقوله صفحة المنتج:
attribute-nearest-intro = إليك ما تقوله صفحة المنتج وقد يجيب عن سؤالك:
price-intro = إليك الأسعار من كتالوجنا:
catalogue-yes = نعم، لدينا:
availability-yes = نعم، لدينا:
availability-sold-out = عذرًا، نفدت الكمية حاليًا:
availability-none = عذرًا، لا نوفر هذا الخيار.
stock-in = متوفر
stock-out = نفدت الكمية
catalogue-none = عذرًا، لم أجد ذلك في كتالوجنا.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = ما عنوان التوصيل الجديد للطلب { $order }؟ يُرجى كتابة اسم الشارع ورقم المبنى والمدينة والرمز البريدي والدولة في رسالة واحدة.
action-ask-address-again = لم أتمكن من قراءة ذلك كعنوان كامل. يُرجى كتابة اسم الشارع ورقم المبنى والمدينة والرمز البريدي والدولة، على سبيل المثال: 12 شارع الملك فهد، الرياض، 12271، المملكة العربية السعودية.
action-ask-option = ما { $option } الذي تريده بدلًا من ذلك للمنتج { $item }؟ المتاح: { $choices }.
action-ask-items = ما المنتجات التي تريد إرجاعها من الطلب { $order }؟ أرسل أرقامها، أو "الكل":
action-propose-cancel = يمكنني إلغاء الطلب { $order }:
action-propose-address = يمكنني تغيير عنوان التوصيل للطلب { $order } إلى:
action-propose-return = يمكنني بدء إرجاع هذه المنتجات من الطلب { $order }:
action-propose-exchange = يمكنني إجراء الاستبدال التالي في الطلب { $order }:
action-refund = سيُرد مبلغ { $amount } { $currency } إلى وسيلة الدفع التي استخدمتها.
action-return-refund = بمجرد أن يستلم المتجر المنتجات، سيُرد مبلغ { $amount } { $currency } إلى وسيلة الدفع التي استخدمتها.
action-price-more = المنتج الجديد أغلى بمبلغ { $amount } { $currency }.
action-price-less = المنتج الجديد أرخص بمبلغ { $amount } { $currency }؛ وسيُرد الفرق إلى وسيلة الدفع التي استخدمتها.
action-price-same = يبقى السعر كما هو.
action-confirm = هل أتابع؟ يُرجى الرد بكلمة نعم أو لا.
action-declined = حسنًا، لم يتم تغيير أي شيء في الطلب { $order }.
action-done-cancel = تم بنجاح: أُلغي الطلب { $order }.
action-done-address = تم بنجاح: سيُوصَّل الطلب { $order } إلى العنوان الجديد.
action-done-return = تم بنجاح: سُجّل إرجاع الطلب { $order }. يُرجى إعادة إرسال المنتجات وفقًا لسياسة الإرجاع لدى المتجر؛ وسيُرد المبلغ بمجرد وصولها.
action-done-exchange = تم بنجاح: سُجّل استبدال الطلب { $order }. يُرجى إعادة إرسال المنتج وفقًا لسياسة الإرجاع لدى المتجر؛ وسيُرسل المنتج الجديد بمجرد وصوله.
action-with-shop = طلبك بشأن الطلب { $order } لدى فريق المتجر الآن، وستصلك إجابتهم هنا.
action-rejected = لم يوافق فريق المتجر على طلبك بشأن الطلب { $order }، لذا لم يتم تغيير أي شيء.
action-expired = لم تتم معالجة طلبك بشأن الطلب { $order } في الوقت المحدد، لذا لم يتم تغيير أي شيء. يُرجى مراسلتنا مجددًا إذا كنت لا تزال ترغب في ذلك.
action-failed = لم يقبل نظام المتجر التغيير على الطلب { $order }: { $error }. سيتولى أحد أعضاء الفريق الأمر من هنا.
action-unreachable = تعذّر الاتصال بنظام المتجر، لذا لم يُؤكَّد أي شيء بعد بخصوص الطلب { $order }. سيتولى أحد أعضاء الفريق الأمر من هنا.
action-refused-cancel-shipped = تم شحن الطلب { $order } بالفعل، لذا لم يعد من الممكن إلغاؤه. يمكنك إرجاعه بعد وصوله.
action-refused-address-shipped = تم شحن الطلب { $order } بالفعل، لذا لم يعد من الممكن تغيير عنوان التوصيل.
action-refused-cancelled = الطلب { $order } ملغى: لا يوجد ما يمكن تغييره.
action-refused-under-way = يوجد بالفعل إرجاع أو استبدال قيد التنفيذ للطلب { $order }.
action-refused-not-delivered = لم يُوصَّل الطلب { $order } بعد: يمكن إرجاع المنتجات أو استبدالها بعد وصولها.
action-refused-window = انتهت مهلة الإرجاع البالغة { $days ->
        [zero] { $days } يوم
        [one] { $days } يوم
        [two] { $days } يوم
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } للطلب { $order } في { $until }، لذا لم يعد من الممكن إرجاعه أو استبداله.
action-refused-not-returnable = لا يمكن إرجاع المنتج { $item } أو استبداله وفقًا لسياسة المتجر.
action-refused-unavailable = المنتج { $item } بخيار { $value } غير متوفر حاليًا.
action-refused-no-variant = لا يأتي المنتج { $item } بخيار { $value }. الخيارات المتاحة: { $choices }.
action-refused-not-allowed = لا يمكن إجراء هذا التغيير هنا.
action-on-platform = على { $platform } تُجري هذا التغيير بنفسك: افتح الطلب في تطبيق { $platform } أو حسابك واختر الخيار هناك. إذا لم يكن متاحًا، راسلنا هنا وسيساعدك أحد أعضاء فريقنا.
