# kefu's replies in Japanese (日本語), polite です/ます.

# Reference and variables: en.ftl

## Small talk

greeting = こんにちは！{ $shop }へようこそ。本日はどのようなご用件でしょうか？
thanks = どういたしまして！ほかに何かお手伝いできることはございますか？
out-of-scope = こちらでは、{ $shop }のご注文・配送・返品・商品に関するご質問のみ承っております。どのようなご用件でしょうか？

## Answers quoted from the shop's own pages

from-shop = { $shop }の案内は次のとおりです：
not-sure = このご質問に正確にお答えできるか、わかりかねます。

## Asking for what is missing

ask-order-id = ご注文番号を教えていただけますか？ご注文確認のご案内に記載されています。
ask-country = どちらの国への配送をご希望ですか？
ask-photo = ご不便をおかけして大変申し訳ございません。担当チームが対応できるよう、商品と梱包の写真を、ご注文番号とあわせてお送りください。
order-not-found = { $shop }でご注文番号{ $order }が見つかりません。番号をご確認いただけますか？ご注文番号はご注文確認のご案内に記載されています。
order-verify = ご注文情報の保護のため、ご注文 { $order } のメールアドレス、電話番号、または郵便番号を教えてください。
order-verify-mismatch = ご注文 { $order } の情報と一致しません。ご注文時のメールアドレス、電話番号、または郵便番号を教えてください。

## Order status

order-pending = ご注文{ $order }は受け付け済みで、お支払いまたは確認をお待ちしている状態です。
order-processing = ご注文{ $order }は現在準備中で、まだ発送されていません。
order-shipped = ご注文{ $order }は{ $carrier }で発送されました。追跡番号：{ $tracking }
order-shipped-untracked = ご注文{ $order }は{ $carrier }で発送されました。
order-delivered = ご注文{ $order }は{ $date }にお届け済みです。
order-cancelled = ご注文{ $order }はキャンセルされました。
order-returned = ご注文{ $order }は返品されました。
order-eta = お届け予定：{ $from }～{ $to }
order-eta-passed = お届け予定期間（{ $from }～{ $to }）を過ぎています。数日経ってもお届けがない場合は、こちらまでご連絡ください。配送業者とともに調査いたします。
order-last-update = 追跡情報の最終更新日：{ $date }
order-track = 配送状況はこちらから確認できます：{ $url }
order-not-received = 追跡情報では配達済みとなっているのにお受け取りになっていない場合は、ご近所の方や最寄りの郵便局にご確認ください。それでも見つからない場合は、こちらにご返信いただければ、担当者が配送業者に調査を依頼いたします。

## Shipping

shipping-intro = { $shop }から{ $country }への配送：
shipping-intro-other = { $shop }から{ $country }への配送（ショップが設定しているその他すべての配送先向けのオプション）：
shipping-option = { $carrier }（{ $service }）：{ $cost } { $currency }、{ $min }～{ $max }日
shipping-none = 申し訳ございませんが、{ $shop }は現在{ $country }への配送を行っておりません。

## Returns

returns-window = 商品はお届けから{ $days }日以内であれば返品いただけます。
returns-until = ご注文{ $order }は{ $date }にお届け済みのため、{ $until }まで返品いただけます。
returns-expired = ご注文{ $order }は{ $date }にお届け済みで、{ $days }日間の返品期間は{ $until }に終了しています。ただし、商品に不具合がある場合は、担当者が状況を確認させていただくことも可能です。
returns-policy = { $shop }の返品ポリシーの詳細：

## Complaints

complaint = ご迷惑をおかけして申し訳ございません。きちんと対応させていただきたいので、ご注文番号と、どのような問題があったかを教えていただけますか？

## Hand-off to a person

handoff = 担当スタッフにおつなぎします。通常{ $minutes }分以内にスタッフから返信いたします。
handoff-closed = 担当スタッフにおつなぎします。現在は営業時間外のため、{ $day ->
        [mon] 月曜日
        [tue] 火曜日
        [wed] 水曜日
        [thu] 木曜日
        [fri] 金曜日
        [sat] 土曜日
       *[sun] 日曜日
    }の{ $time }（{ $timezone }）の営業開始後にスタッフから返信いたします。

## Labels for facts quoted from the shop's data

label-price = 価格

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = 商品ページには次のように記載されています：
price-intro = カタログの価格は次のとおりです：
catalogue-yes = はい、ございます：
availability-yes = はい、ございます：
availability-sold-out = 申し訳ありません、現在売り切れです：
availability-none = 申し訳ありません、その仕様はご用意しておりません。
stock-in = 在庫あり
stock-out = 売り切れ
catalogue-none = 申し訳ありません、当店のカタログには見当たりませんでした。
