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
order-return-requested = ご注文{ $order }は返品手続き中です。ショップが商品を受け取り次第、返金いたします。
order-exchange-requested = ご注文{ $order }は交換手続き中です。
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
attribute-nearest-intro = 商品ページの次の記載がご質問の答えになるかもしれません：
price-intro = カタログの価格は次のとおりです：
catalogue-yes = はい、ございます：
availability-yes = はい、ございます：
availability-sold-out = 申し訳ありません、現在売り切れです：
availability-none = 申し訳ありません、その仕様はご用意しておりません。
stock-in = 在庫あり
stock-out = 売り切れ
catalogue-none = 申し訳ありません、当店のカタログには見当たりませんでした。

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = ご注文{ $order }の新しいお届け先を教えてください。郵便番号、住所（都道府県・市区町村・番地）、国名を1つのメッセージでお送りください。
action-ask-address-again = 住所として読み取れませんでした。郵便番号、住所（都道府県・市区町村・番地）、国名をお書きください。例：〒150-0001 東京都渋谷区神宮前1-2-3、日本
action-ask-option = { $item }は、代わりにどの{ $option }をご希望ですか？選択可能：{ $choices }
action-ask-items = ご注文 { $order } のどの商品を返品されますか？番号、または「全部」でお答えください：
action-propose-cancel = ご注文{ $order }をキャンセルできます：
action-propose-address = ご注文{ $order }のお届け先を次の住所に変更できます：
action-propose-return = ご注文{ $order }の以下の商品について、返品手続きを開始できます：
action-propose-exchange = ご注文{ $order }について、以下の交換を承れます：
action-refund = 返金額{ $amount } { $currency }は、ご利用のお支払い方法に返金されます。
action-return-refund = ショップが商品を受け取り次第、{ $amount } { $currency }をご利用のお支払い方法に返金いたします。
action-price-more = 新しい商品は{ $amount } { $currency }高くなります。
action-price-less = 新しい商品は{ $amount } { $currency }安くなります。差額はご利用のお支払い方法に返金いたします。
action-price-same = 価格は変わりません。
action-confirm = この内容で手続きを進めてもよろしいですか？「はい」か「いいえ」でお答えください。
action-declined = かしこまりました。ご注文{ $order }には何も変更を加えていません。
action-done-cancel = 完了しました：ご注文{ $order }はキャンセルされました。
action-done-address = 完了しました：ご注文{ $order }は新しい住所にお届けします。
action-done-return = 完了しました：ご注文{ $order }の返品を受け付けました。ショップの返品ポリシーに従って商品をご返送ください。商品の到着後に返金いたします。
action-done-exchange = 完了しました：ご注文{ $order }の交換を受け付けました。ショップの返品ポリシーに従って商品をご返送ください。到着後に新しい商品を発送いたします。
action-with-shop = ご注文{ $order }に関するご依頼は、ショップの担当チームに引き継がれました。回答はこちらでお知らせします。
action-rejected = ご注文{ $order }に関するご依頼はショップの担当チームに承認されなかったため、変更は行われていません。
action-expired = ご注文{ $order }に関するご依頼は期限内に処理されなかったため、変更は行われていません。引き続きご希望の場合は、もう一度ご連絡ください。
action-failed = ショップのシステムがご注文{ $order }の変更を受け付けませんでした：{ $error }。ここからは担当スタッフが対応いたします。
action-unreachable = ショップのシステムに接続できなかったため、ご注文{ $order }についてはまだ何も確定していません。ここからは担当スタッフが対応いたします。
action-refused-cancel-shipped = ご注文{ $order }はすでに発送済みのため、キャンセルできません。お届け後に返品いただけます。
action-refused-address-shipped = ご注文{ $order }はすでに発送済みのため、お届け先を変更できません。
action-refused-cancelled = ご注文{ $order }はキャンセル済みのため、変更できる内容はありません。
action-refused-under-way = ご注文{ $order }はすでに返品または交換の手続き中です。
action-refused-not-delivered = ご注文{ $order }はまだお届けしていません。商品の返品・交換はお届け後に承ります。
action-refused-window = ご注文{ $order }の{ $days }日間の返品期間は{ $until }に終了したため、返品・交換はできません。
action-refused-not-returnable = ショップのポリシーにより、{ $item }は返品・交換の対象外です。
action-refused-unavailable = { $item }の{ $value }は現在ご用意できません。
action-refused-no-variant = { $item }に{ $value }の取り扱いはございません。選択可能：{ $choices }
action-refused-not-allowed = この変更はこちらでは承ることができません。
action-on-platform = { $platform }では、この変更はお客様ご自身で行っていただきます。{ $platform }のアプリまたはアカウントで注文を開き、そこで該当の操作を選んでください。表示されない場合は、こちらにご連絡いただければ担当者がお手伝いします。
