# kefu's replies, English. The reference locale: every other file has exactly these message ids
# and uses the same variables (tests check both). Variables are filled by kefu:
#   $shop     the shop's name               $order    an order id, e.g. 1002
#   $carrier  a carrier, e.g. DHL           $tracking a tracking number
#   $date, $from, $to, $until  dates written 2026-09-23
#   $country  a country's name in the buyer's language
#   $service  a shipping service's name as the shop wrote it
#   $cost     a number, e.g. 9.80           $currency a currency code, e.g. USD
#   $min, $max, $days, $minutes  whole numbers
#   $url      a web address
#   $day      mon, tue, wed, thu, fri, sat or sun (a selector)   $time 08:30   $timezone Asia/Shanghai
# Keep numbers, dates, codes and addresses exactly as given: kefu checks that replies contain them.

## Small talk

greeting = Hello! Welcome to { $shop }. How can I help you today?
thanks = You're welcome! Is there anything else I can help with?
out-of-scope = I can only help with { $shop }'s orders, shipping, returns and products. What can I do for you?

## Answers quoted from the shop's own pages

from-shop = Here is what { $shop } says:
not-sure = I'm not sure I can answer that correctly.

## Asking for what is missing

ask-order-id = Could you give me your order number? You can find it in your order confirmation.
ask-country = Which country should it be shipped to?
ask-photo = I'm sorry to hear that! Please send a photo of the item and its packaging, together with your order number, so our team can sort it out.
order-not-found = I can't find order { $order } at { $shop }. Could you check the number? It is in your order confirmation.
order-verify = To keep your order private: what is the e-mail address, phone number or postcode on order { $order }?
order-verify-mismatch = That does not match order { $order }. Please give the e-mail address, phone number or postcode the order was placed with.

## Order status

order-pending = Order { $order } has been placed and is waiting for payment or confirmation.
order-processing = Order { $order } is being prepared and has not shipped yet.
order-shipped = Order { $order } has shipped with { $carrier }. Tracking number: { $tracking }.
order-shipped-untracked = Order { $order } has shipped with { $carrier }.
order-delivered = Order { $order } was delivered on { $date }.
order-cancelled = Order { $order } was cancelled.
order-returned = Order { $order } was returned.
order-return-requested = A return of order { $order } is under way: the refund follows once the shop receives the items.
order-exchange-requested = An exchange for order { $order } is under way.
order-eta = Expected delivery: between { $from } and { $to }.
order-eta-passed = The expected delivery window ({ $from } to { $to }) has passed. If it has not arrived in a few days, write to us and we will investigate with the carrier.
order-last-update = Latest tracking update: { $date }.
order-track = You can track it here: { $url }
order-not-received = If the tracking says delivered but you have not received it, please check with neighbours and your local post office; if it is still missing, reply here and a person will open an investigation with the carrier.

## Shipping

shipping-intro = Shipping from { $shop } to { $country }:
shipping-intro-other = Shipping from { $shop } to { $country } (the shop's options for all other destinations):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } days
shipping-none = Sorry, { $shop } does not ship to { $country } at the moment.

## Returns

returns-window = You can return items within { $days } days of delivery.
returns-until = Order { $order } was delivered on { $date }, so you can return it until { $until }.
returns-expired = Order { $order } was delivered on { $date }; the { $days }-day return window ended on { $until }. A person can still look at your case if the item is faulty.
returns-policy = The details from { $shop }'s policy:

## Complaints

complaint = I'm sorry for the trouble. I want to make this right: could you tell me your order number and what went wrong?

## Hand-off to a person

handoff = I'm passing you to a member of our team. A person will reply, usually within { $minutes } minutes.
handoff-closed = I'm passing you to a member of our team. We are closed right now; a person will reply after we open on { $day ->
        [mon] Monday
        [tue] Tuesday
        [wed] Wednesday
        [thu] Thursday
        [fri] Friday
        [sat] Saturday
       *[sun] Sunday
    } at { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Price

## Products, from the catalogue
# Each opens an answer; the catalogue's own lines follow ("Rain Jacket (Black, XL): in stock,
# 59.90 USD"). stock-in and stock-out describe one variant, as short as a label.

attribute-intro = Here is what the product listing says:
attribute-nearest-intro = This is what the product listing says that may answer your question:
price-intro = Here are the prices from our catalogue:
catalogue-yes = Yes, we have it:
availability-yes = Yes, we have it:
availability-sold-out = Sorry, that one is sold out right now:
availability-none = Sorry, we don't offer that option.
stock-in = in stock
stock-out = sold out
catalogue-none = Sorry, I couldn't find that in our catalogue.

## Actions on an order (cancel, new address, return, exchange)
#   $amount   a number, e.g. 45.00        $option   an option's name as the shop writes it, e.g. size
#   $choices  option values, e.g. S, M, L  $item     an item's name as the shop writes it
#   $value    an option value, e.g. XL     $error    the shop system's own message
#   $platform a marketplace's name, e.g. Shopee

action-ask-address = What is the new delivery address for order { $order }? Please write the street and number, city, postcode and country in one message.
action-ask-address-again = I could not read that as a full address. Please write the street and number, city, postcode and country, for example: 12 High Street, Leeds, LS1 4AP, United Kingdom.
action-ask-option = Which { $option } would you like instead for { $item }? Available: { $choices }.
action-ask-items = Which items of order { $order } would you like to return? Reply with their numbers, or "all":
action-propose-cancel = I can cancel order { $order }:
action-propose-address = I can change the delivery address of order { $order } to:
action-propose-return = I can start a return of these items of order { $order }:
action-propose-exchange = I can exchange, in order { $order }:
action-refund = The refund of { $amount } { $currency } goes back to the payment method you used.
action-return-refund = Once the shop receives the items, { $amount } { $currency } is refunded to the payment method you used.
action-price-more = The new item costs { $amount } { $currency } more.
action-price-less = The new item costs { $amount } { $currency } less; the difference is refunded to the payment method you used.
action-price-same = The price stays the same.
action-confirm = Shall I go ahead? Please answer yes or no.
action-declined = All right, nothing was changed on order { $order }.
action-done-cancel = Done: order { $order } is cancelled.
action-done-address = Done: order { $order } will be delivered to the new address.
action-done-return = Done: the return of order { $order } is registered. Please send the items back as the shop's returns policy says; the refund follows once they arrive.
action-done-exchange = Done: the exchange for order { $order } is registered. Please send the item back as the shop's returns policy says; the new one is sent once it arrives.
action-with-shop = Your request for order { $order } is with the shop's team now; you will get their answer here.
action-rejected = The shop's team did not approve your request for order { $order }, so nothing was changed.
action-expired = Your request for order { $order } was not handled in time, so nothing was changed. Please write again if you still want it.
action-failed = The shop's system did not accept the change to order { $order }: { $error }. A person from the team will take it from here.
action-unreachable = The shop's system could not be reached, so nothing is confirmed for order { $order } yet. A person from the team will take it from here.
action-refused-cancel-shipped = Order { $order } has already shipped, so it can no longer be cancelled. Once it arrives, you can return it.
action-refused-address-shipped = Order { $order } has already shipped, so its delivery address can no longer be changed.
action-refused-cancelled = Order { $order } is cancelled: there is nothing left to change.
action-refused-under-way = Order { $order } already has a return or an exchange under way.
action-refused-not-delivered = Order { $order } has not been delivered yet: items can be returned or exchanged once they arrive.
action-refused-window = The { $days }-day return window of order { $order } ended on { $until }, so it can no longer be returned or exchanged.
action-refused-not-returnable = { $item } cannot be returned or exchanged under the shop's policy.
action-refused-unavailable = { $item } in { $value } is not available at the moment.
action-refused-no-variant = { $item } does not come in { $value }. Available: { $choices }.
action-refused-not-allowed = This change cannot be made here.
action-on-platform = On { $platform }, you make this change yourself: open the order in your { $platform } app or account and choose the option there. If it is not offered, write to us here and a person will help.
