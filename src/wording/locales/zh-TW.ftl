# kefu's replies in Traditional Chinese, Taiwan usage (繁體中文).

# Reference and variables: en.ftl

## Small talk

greeting = 您好！歡迎光臨{ $shop }。請問今天有什麼可以為您服務的嗎？
thanks = 不客氣！還有其他需要協助的地方嗎？
out-of-scope = 我只能協助處理{ $shop }的訂單、運送、退貨和商品相關問題。請問有什麼可以幫您的？

## Answers quoted from the shop's own pages

from-shop = 以下是{ $shop }的說明：
not-sure = 這個問題我不確定能否正確回答。

## Asking for what is missing

ask-order-id = 可以請您提供訂單編號嗎？訂單編號可以在訂單確認通知中找到。
ask-country = 請問要寄送到哪個國家呢？
ask-photo = 很抱歉發生這樣的狀況！請傳送商品及外包裝的照片，並附上您的訂單編號，以便我們的團隊為您處理。
order-not-found = 在{ $shop }查無訂單{ $order }。可以請您再確認一下編號嗎？訂單編號可以在訂單確認通知中找到。
order-verify = 為保護您的訂單資訊，請提供訂單 { $order } 上的電子郵件、電話號碼或郵遞區號。
order-verify-mismatch = 與訂單 { $order } 的資料不符。請提供下單時使用的電子郵件、電話號碼或郵遞區號。

## Order status

order-pending = 訂單{ $order }已成立，正在等待付款或確認。
order-processing = 訂單{ $order }正在備貨中，尚未出貨。
order-shipped = 訂單{ $order }已透過{ $carrier }出貨。貨件追蹤號碼：{ $tracking }。
order-shipped-untracked = 訂單{ $order }已透過{ $carrier }出貨。
order-delivered = 訂單{ $order }已於{ $date }送達。
order-cancelled = 訂單{ $order }已取消。
order-returned = 訂單{ $order }已退貨。
order-return-requested = 訂單{ $order }正在辦理退貨：商店收到商品後即會退款。
order-exchange-requested = 訂單{ $order }正在辦理換貨。
order-eta = 預計送達時間：{ $from }至{ $to }之間。
order-eta-passed = 預計送達期間（{ $from }至{ $to }）已經過了。如果幾天後仍未收到，請與我們聯繫，我們會與物流業者一起調查。
order-last-update = 最新物流更新：{ $date }。
order-track = 您可以在這裡追蹤貨件：{ $url }
order-not-received = 如果物流狀態顯示已送達，但您沒有收到，請先詢問鄰居及附近的郵局；如果仍然找不到，請在這裡回覆，將由專人向物流業者提出調查。

## Shipping

shipping-intro = { $shop }寄送至{ $country }的運送方式：
shipping-intro-other = { $shop }寄送至{ $country }的運送方式（此為商店適用於其他所有地區的選項）：
shipping-option = { $carrier }（{ $service }）：{ $cost } { $currency }，{ $min }–{ $max }天
shipping-none = 很抱歉，{ $shop }目前不提供寄送至{ $country }的服務。

## Returns

returns-window = 商品可於送達後{ $days }天內辦理退貨。
returns-until = 訂單{ $order }已於{ $date }送達，因此您可以辦理退貨至{ $until }為止。
returns-expired = 訂單{ $order }已於{ $date }送達；{ $days }天的退貨期限已於{ $until }結束。不過，如果商品有瑕疵，仍可由專人為您查看狀況。
returns-policy = 以下是{ $shop }退貨政策的詳細內容：

## Complaints

complaint = 造成您的困擾，我們深感抱歉。我們希望妥善處理這件事：可以告訴我您的訂單編號，以及發生了什麼問題嗎？

## Hand-off to a person

handoff = 我正在為您轉接真人客服，通常會在{ $minutes }分鐘內回覆您。
handoff-closed = 我正在為您轉接真人客服。目前為非營業時間，客服人員將於{ $day ->
        [mon] 週一
        [tue] 週二
        [wed] 週三
        [thu] 週四
        [fri] 週五
        [sat] 週六
       *[sun] 週日
    } { $time }（{ $timezone }）開始營業後回覆您。

## Labels for facts quoted from the shop's data

label-price = 價格

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = 商品頁面上是這樣寫的：
attribute-nearest-intro = 商品頁面上的以下資訊可能回答了您的問題：
price-intro = 以下是我們目錄中的價格：
catalogue-yes = 有的，我們有貨：
availability-yes = 有的，我們有貨：
availability-sold-out = 抱歉，目前已售完：
availability-none = 抱歉，我們沒有這個選項。
stock-in = 有貨
stock-out = 已售完
catalogue-none = 抱歉，我們的商品目錄裡沒有找到這個。

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = 訂單{ $order }的新收件地址是什麼？請在同一則訊息中寫下街道與門牌號碼、城市、郵遞區號和國家。
action-ask-address-again = 這則訊息無法辨識為完整地址。請寫下街道與門牌號碼、城市、郵遞區號和國家，例如：110 台北市信義區信義路五段7號，台灣。
action-ask-option = 您想把{ $item }換成哪個{ $option }？可選：{ $choices }。
action-ask-items = 您想退回訂單 { $order } 中的哪些商品？請回覆序號，或回覆「全部」：
action-propose-cancel = 我可以為您取消訂單{ $order }：
action-propose-address = 我可以將訂單{ $order }的收件地址改為：
action-propose-return = 我可以為訂單{ $order }中的以下商品申請退貨：
action-propose-exchange = 我可以為訂單{ $order }辦理以下換貨：
action-refund = 退款{ $amount } { $currency }將退回您原本使用的付款方式。
action-return-refund = 商店收到商品後，{ $amount } { $currency }將退回您原本使用的付款方式。
action-price-more = 新商品比原商品貴{ $amount } { $currency }。
action-price-less = 新商品比原商品便宜{ $amount } { $currency }，差額將退回您原本使用的付款方式。
action-price-same = 價格不變。
action-confirm = 需要我為您辦理嗎？請回覆「是」或「否」。
action-declined = 好的，訂單{ $order }沒有做任何變更。
action-done-cancel = 已完成：訂單{ $order }已取消。
action-done-address = 已完成：訂單{ $order }將寄送至新地址。
action-done-return = 已完成：訂單{ $order }的退貨已登記。請依照商店的退貨政策寄回商品；商店收到後即會退款。
action-done-exchange = 已完成：訂單{ $order }的換貨已登記。請依照商店的退貨政策寄回商品；商店收到後會寄出新商品。
action-with-shop = 您關於訂單{ $order }的申請已轉交商店團隊處理，結果會在這裡通知您。
action-rejected = 商店團隊未核准您關於訂單{ $order }的申請，因此訂單沒有任何變更。
action-expired = 您關於訂單{ $order }的申請未能及時處理，因此訂單沒有任何變更。如果仍有需要，請再與我們聯繫。
action-failed = 商店系統未接受訂單{ $order }的變更：{ $error }。接下來將由專人為您處理。
action-unreachable = 目前無法連線至商店系統，因此訂單{ $order }尚未確認任何變更。接下來將由專人為您處理。
action-refused-cancel-shipped = 訂單{ $order }已出貨，無法再取消。收到商品後，您可以辦理退貨。
action-refused-address-shipped = 訂單{ $order }已出貨，無法再修改收件地址。
action-refused-cancelled = 訂單{ $order }已取消，沒有可以變更的內容了。
action-refused-under-way = 訂單{ $order }已有正在辦理的退貨或換貨。
action-refused-not-delivered = 訂單{ $order }尚未送達：商品送達後才可以辦理退貨或換貨。
action-refused-window = 訂單{ $order }的{ $days }天退貨期限已於{ $until }結束，因此無法再辦理退貨或換貨。
action-refused-not-returnable = 依照商店政策，{ $item }不適用退貨或換貨。
action-refused-unavailable = { $item }的{ $value }目前暫不提供。
action-refused-no-variant = { $item }沒有{ $value }這個選項。可選：{ $choices }。
action-refused-not-allowed = 此項變更無法在這裡辦理。
action-on-platform = 在{ $platform }上，這項修改需要您自行操作：請在{ $platform } App 或帳戶中開啟該訂單並選擇相應選項。如果沒有該選項，請在這裡留言，我們的客服會協助您。
