# kefu's replies in Russian (русский), вы.

# Reference and variables: en.ftl

## Small talk

greeting = Здравствуйте! Добро пожаловать в магазин { $shop }. Чем могу помочь?
thanks = Пожалуйста! Могу ли я помочь чем-то ещё?
out-of-scope = Я могу помочь только с заказами, доставкой, возвратами и товарами магазина { $shop }. Чем могу помочь?

## Answers quoted from the shop's own pages

from-shop = Вот что сообщает магазин { $shop }:
not-sure = Не знаю, смогу ли я правильно ответить на этот вопрос.

## Asking for what is missing

ask-order-id = Подскажите, пожалуйста, номер вашего заказа. Он указан в подтверждении заказа.
ask-country = В какую страну нужно доставить заказ?
ask-photo = Очень жаль, что так вышло! Пожалуйста, пришлите фото товара и упаковки вместе с номером заказа, чтобы наша команда могла во всём разобраться.
order-not-found = Я не могу найти заказ { $order } в магазине { $shop }. Проверьте, пожалуйста, номер — он указан в подтверждении заказа.
order-verify = Чтобы защитить ваш заказ: укажите e-mail, номер телефона или почтовый индекс из заказа { $order }.
order-verify-mismatch = Это не совпадает с данными заказа { $order }. Укажите e-mail, номер телефона или почтовый индекс, с которыми был оформлен заказ.

## Order status

order-pending = Заказ { $order } оформлен и ожидает оплаты или подтверждения.
order-processing = Заказ { $order } готовится к отправке и ещё не отправлен.
order-shipped = Заказ { $order } отправлен через службу доставки { $carrier }. Трек-номер: { $tracking }.
order-shipped-untracked = Заказ { $order } отправлен через службу доставки { $carrier }.
order-delivered = Заказ { $order } доставлен { $date }.
order-cancelled = Заказ { $order } отменён.
order-returned = Заказ { $order } возвращён.
order-eta = Ожидаемая доставка: в период с { $from } по { $to }.
order-eta-passed = Ожидаемый срок доставки (с { $from } по { $to }) уже прошёл. Если заказ не придёт в ближайшие несколько дней, напишите нам, и мы разберёмся в ситуации вместе со службой доставки.
order-last-update = Последнее обновление статуса отслеживания: { $date }.
order-track = Отследить посылку можно здесь: { $url }
order-not-received = Если по данным отслеживания заказ доставлен, но вы его не получили, пожалуйста, спросите у соседей и в местном почтовом отделении; если посылка так и не нашлась, ответьте здесь, и наш сотрудник откроет расследование в службе доставки.

## Shipping

shipping-intro = Доставка из магазина { $shop } (страна назначения: { $country }):
shipping-intro-other = Доставка из магазина { $shop } (страна назначения: { $country }; варианты магазина для всех остальных направлений):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } { $max ->
        [one] день
        [few] дня
        [many] дней
       *[other] дней
    }
shipping-none = К сожалению, магазин { $shop } сейчас не доставляет в эту страну: { $country }.

## Returns

returns-window = Вернуть товар можно в течение { $days ->
        [one] { $days } дня
        [few] { $days } дней
        [many] { $days } дней
       *[other] { $days } дней
    } с момента доставки.
returns-until = Заказ { $order } доставлен { $date }, поэтому вернуть его можно до { $until }.
returns-expired = Заказ { $order } доставлен { $date }; { $days }-дневный срок возврата истёк { $until }. Если товар неисправен, наш сотрудник всё равно может рассмотреть вашу ситуацию.
returns-policy = Подробности из правил возврата магазина { $shop }:

## Complaints

complaint = Приносим извинения за неудобства. Я хочу всё исправить: подскажите, пожалуйста, номер заказа и что именно пошло не так?

## Hand-off to a person

handoff = Передаю ваш запрос сотруднику нашей команды. Обычно он отвечает в течение { $minutes ->
        [one] { $minutes } минуты
        [few] { $minutes } минут
        [many] { $minutes } минут
       *[other] { $minutes } минут
    }.
handoff-closed = Передаю ваш запрос сотруднику нашей команды. Сейчас мы не работаем; сотрудник ответит вам после открытия { $day ->
        [mon] в понедельник
        [tue] во вторник
        [wed] в среду
        [thu] в четверг
        [fri] в пятницу
        [sat] в субботу
       *[sun] в воскресенье
    } в { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Цена

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Вот что сказано в описании товара:
price-intro = Вот цены из нашего каталога:
catalogue-yes = Да, у нас есть:
availability-yes = Да, у нас есть:
availability-sold-out = К сожалению, сейчас этого нет в наличии:
availability-none = К сожалению, такого варианта у нас нет.
stock-in = в наличии
stock-out = нет в наличии
catalogue-none = К сожалению, я не нашёл этого в нашем каталоге.
