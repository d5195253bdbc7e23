# kefu's replies in Simplified Chinese (简体中文).

# Reference and variables: en.ftl

## Small talk

greeting = 您好！欢迎光临{ $shop }。请问今天有什么可以帮您？
thanks = 不客气！还有其他可以帮您的吗？
out-of-scope = 我只能协助处理{ $shop }的订单、配送、退货和商品相关问题。请问有什么可以帮您？

## Answers quoted from the shop's own pages

from-shop = 以下是{ $shop }的说明：
not-sure = 这个问题我不确定能否准确回答。

## Asking for what is missing

ask-order-id = 麻烦提供一下您的订单号好吗？订单号可以在订单确认信息中找到。
ask-country = 请问需要寄往哪个国家？
ask-photo = 很抱歉遇到这样的情况！请发送商品及其包装的照片，并附上您的订单号，以便我们的团队为您处理。
order-not-found = 在{ $shop }没有找到订单{ $order }。麻烦您核对一下订单号好吗？订单号可以在订单确认信息中找到。
order-verify = 为保护您的订单信息，请提供订单 { $order } 上的电子邮箱、电话号码或邮政编码。
order-verify-mismatch = 与订单 { $order } 的信息不符。请提供下单时使用的电子邮箱、电话号码或邮政编码。

## Order status

order-pending = 订单{ $order }已提交，正在等待付款或确认。
order-processing = 订单{ $order }正在备货中，尚未发货。
order-shipped = 订单{ $order }已通过{ $carrier }发货。物流单号：{ $tracking }。
order-shipped-untracked = 订单{ $order }已通过{ $carrier }发货。
order-delivered = 订单{ $order }已于{ $date }送达。
order-cancelled = 订单{ $order }已取消。
order-returned = 订单{ $order }已退货。
order-return-requested = 订单{ $order }正在退货中：店铺收到商品后即会退款。
order-exchange-requested = 订单{ $order }正在换货中。
order-eta = 预计送达时间：{ $from }至{ $to }之间。
order-eta-passed = 预计送达时间（{ $from }至{ $to }）已经过了。如果几天后仍未收到，请联系我们，我们会与物流公司一起调查。
order-last-update = 最新物流更新：{ $date }。
order-track = 您可以在这里查询物流：{ $url }
order-not-received = 如果物流显示已送达，但您并未收到，请先向邻居和当地邮局确认；如果仍然找不到，请在这里回复，工作人员会向物流公司发起调查。

## Shipping

shipping-intro = 从{ $shop }寄往{ $country }的配送方式：
shipping-intro-other = 从{ $shop }寄往{ $country }的配送方式（该店铺适用于其他所有目的地的选项）：
shipping-option = { $carrier }（{ $service }）：{ $cost } { $currency }，{ $min }–{ $max }天
shipping-none = 抱歉，{ $shop }目前不支持配送到{ $country }。

## Returns

returns-window = 商品可在送达后{ $days }天内退货。
returns-until = 订单{ $order }已于{ $date }送达，因此您的退货截止日期为{ $until }。
returns-expired = 订单{ $order }已于{ $date }送达；{ $days }天的退货期已于{ $until }结束。如果商品有质量问题，工作人员仍可以为您查看具体情况。
returns-policy = 以下是{ $shop }退货政策的详细内容：

## Complaints

complaint = 很抱歉给您添麻烦了。我们希望妥善解决这个问题：能告诉我您的订单号，以及具体出了什么问题吗？

## Hand-off to a person

handoff = 我正在为您转接人工客服，通常会在{ $minutes }分钟内回复您。
handoff-closed = 我正在为您转接人工客服。我们现在不在营业时间，工作人员会在{ $day ->
        [mon] 周一
        [tue] 周二
        [wed] 周三
        [thu] 周四
        [fri] 周五
        [sat] 周六
       *[sun] 周日
    } { $time }（{ $timezone }）开始营业后回复您。

## Labels for facts quoted from the shop's data

label-price = 价格

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = 商品页面上是这样写的：
attribute-nearest-intro = 商品页面上的以下信息可能回答了您的问题：
price-intro = 以下是我们目录中的价格：
catalogue-yes = 有的，我们有货：
availability-yes = 有的，我们有货：
availability-sold-out = 抱歉，目前已售罄：
availability-none = 抱歉，我们没有这个选项。
stock-in = 有货
stock-out = 已售罄
catalogue-none = 抱歉，我们的商品目录里没有找到这个。

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = 订单{ $order }的新收货地址是什么？请在一条消息里写明街道和门牌号、城市、邮政编码和国家。
action-ask-address-again = 这条信息无法识别为完整地址。请写明街道和门牌号、城市、邮政编码和国家，例如：中国上海市浦东新区世纪大道100号，200120。
action-ask-option = 您想把{ $item }换成哪个{ $option }？可选：{ $choices }。
action-ask-items = 您想退回订单 { $order } 中的哪些商品？请回复序号，或回复"全部"：
action-propose-cancel = 我可以为您取消订单{ $order }：
action-propose-address = 我可以将订单{ $order }的收货地址改为：
action-propose-return = 我可以为订单{ $order }中的以下商品申请退货：
action-propose-exchange = 我可以为订单{ $order }办理以下换货：
action-refund = 退款{ $amount } { $currency }将原路退回到您的支付方式。
action-return-refund = 店铺收到商品后，{ $amount } { $currency }将原路退回到您的支付方式。
action-price-more = 新商品比原商品贵{ $amount } { $currency }。
action-price-less = 新商品比原商品便宜{ $amount } { $currency }，差价将原路退回到您的支付方式。
action-price-same = 价格不变。
action-confirm = 需要我为您办理吗？请回复“是”或“否”。
action-declined = 好的，订单{ $order }没有做任何更改。
action-done-cancel = 已完成：订单{ $order }已取消。
action-done-address = 已完成：订单{ $order }将寄送到新地址。
action-done-return = 已完成：订单{ $order }的退货已登记。请按照店铺的退货政策寄回商品；店铺收到后即会退款。
action-done-exchange = 已完成：订单{ $order }的换货已登记。请按照店铺的退货政策寄回商品；店铺收到后会寄出新商品。
action-with-shop = 您关于订单{ $order }的申请已转交店铺团队处理，结果会在这里通知您。
action-rejected = 店铺团队未批准您关于订单{ $order }的申请，因此订单没有任何更改。
action-expired = 您关于订单{ $order }的申请未能及时处理，因此订单没有任何更改。如果仍有需要，请重新联系我们。
action-failed = 店铺系统未接受对订单{ $order }的更改：{ $error }。接下来将由工作人员为您处理。
action-unreachable = 暂时无法连接店铺系统，因此订单{ $order }的更改尚未确认。接下来将由工作人员为您处理。
action-refused-cancel-shipped = 订单{ $order }已发货，无法再取消。收到商品后，您可以申请退货。
action-refused-address-shipped = 订单{ $order }已发货，无法再修改收货地址。
action-refused-cancelled = 订单{ $order }已取消，没有可以更改的内容了。
action-refused-under-way = 订单{ $order }已有正在进行的退货或换货。
action-refused-not-delivered = 订单{ $order }尚未送达：商品送达后才可以退货或换货。
action-refused-window = 订单{ $order }的{ $days }天退货期已于{ $until }结束，因此无法再退货或换货。
action-refused-not-returnable = 根据店铺政策，{ $item }不支持退货或换货。
action-refused-unavailable = { $item }的{ $value }目前暂不可选。
action-refused-no-variant = { $item }没有{ $value }这个选项。可选：{ $choices }。
action-refused-not-allowed = 此项更改无法在这里办理。
action-on-platform = 在{ $platform }上，这项修改需要您自己操作：请在{ $platform } App 或账户中打开该订单并选择相应选项。如果没有该选项，请在这里留言，我们的客服会帮您处理。
