# kefu's replies in Korean (한국어), polite customer-service register.

# Reference and variables: en.ftl

## Small talk

greeting = 안녕하세요! { $shop }에 오신 것을 환영합니다. 오늘은 무엇을 도와드릴까요?
thanks = 별말씀을요! 더 도와드릴 일이 있을까요?
out-of-scope = 저는 { $shop }의 주문, 배송, 반품, 상품에 관한 문의만 도와드릴 수 있어요. 무엇을 도와드릴까요?

## Answers quoted from the shop's own pages

from-shop = { $shop }에서 안내하는 내용은 다음과 같습니다:
not-sure = 이 질문에 정확히 답변드릴 수 있을지 확실하지 않습니다.

## Asking for what is missing

ask-order-id = 주문번호를 알려 주시겠어요? 주문 확인 안내에서 확인하실 수 있습니다.
ask-country = 어느 국가로 배송해 드릴까요?
ask-photo = 불편을 드려 정말 죄송합니다! 담당 팀이 처리해 드릴 수 있도록 상품과 포장 상태가 보이는 사진을 주문번호와 함께 보내 주세요.
order-not-found = { $shop }에서 주문번호 { $order }에 해당하는 주문을 찾을 수 없습니다. 번호를 다시 한번 확인해 주시겠어요? 주문번호는 주문 확인 안내에 나와 있습니다.
order-verify = 주문 정보 보호를 위해 주문 { $order }에 등록된 이메일 주소, 전화번호 또는 우편번호를 알려 주세요.
order-verify-mismatch = 주문 { $order }의 정보와 일치하지 않습니다. 주문할 때 사용한 이메일 주소, 전화번호 또는 우편번호를 알려 주세요.

## Order status

order-pending = 주문번호 { $order } 주문이 접수되었으며, 결제 또는 확인을 기다리고 있습니다.
order-processing = 주문번호 { $order } 주문은 현재 상품 준비 중이며 아직 발송되지 않았습니다.
order-shipped = 주문번호 { $order } 주문이 { $carrier } 배송으로 발송되었습니다. 운송장 번호: { $tracking }
order-shipped-untracked = 주문번호 { $order } 주문이 { $carrier } 배송으로 발송되었습니다.
order-delivered = 주문번호 { $order } 주문은 { $date }에 배송 완료되었습니다.
order-cancelled = 주문번호 { $order } 주문은 취소되었습니다.
order-returned = 주문번호 { $order } 주문은 반품 처리되었습니다.
order-return-requested = 주문번호 { $order } 주문은 반품이 진행 중입니다. 스토어에서 상품을 받으면 환불해 드립니다.
order-exchange-requested = 주문번호 { $order } 주문은 교환이 진행 중입니다.
order-eta = 예상 배송일: { $from }부터 { $to } 사이
order-eta-passed = 예상 배송 기간({ $from }~{ $to })이 지났습니다. 며칠 더 기다리셔도 도착하지 않으면 저희에게 메시지를 남겨 주세요. 배송사와 함께 확인해 보겠습니다.
order-last-update = 최근 배송 조회 업데이트: { $date }
order-track = 여기에서 배송 조회를 하실 수 있습니다: { $url }
order-not-received = 배송 조회에는 배송 완료로 나오는데 상품을 받지 못하셨다면, 이웃분들과 가까운 우체국에 먼저 확인해 주세요. 그래도 찾지 못하셨다면 여기로 답장해 주시면 담당 직원이 배송사에 조사를 요청해 드리겠습니다.

## Shipping

shipping-intro = { $shop }에서 { $country }까지의 배송:
shipping-intro-other = { $shop }에서 { $country }까지의 배송 (스토어의 기타 모든 지역 공통 옵션):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }~{ $max }일
shipping-none = 죄송합니다. 현재 { $shop }에서는 { $country }에 배송하지 않습니다.

## Returns

returns-window = 상품은 배송 완료일로부터 { $days }일 이내에 반품하실 수 있습니다.
returns-until = 주문번호 { $order } 주문은 { $date }에 배송 완료되었으므로 { $until }까지 반품하실 수 있습니다.
returns-expired = 주문번호 { $order } 주문은 { $date }에 배송 완료되었으며, { $days }일 반품 기간이 { $until }에 종료되었습니다. 다만 상품에 하자가 있는 경우에는 담당 직원이 내용을 검토해 드릴 수 있습니다.
returns-policy = { $shop } 반품 정책의 세부 내용입니다:

## Complaints

complaint = 불편을 드려 죄송합니다. 문제를 바로잡아 드리고 싶습니다. 주문번호와 어떤 문제가 있었는지 알려 주시겠어요?

## Hand-off to a person

handoff = 담당 직원에게 연결해 드리겠습니다. 보통 { $minutes }분 이내에 상담원이 답변드립니다.
handoff-closed = 담당 직원에게 연결해 드리겠습니다. 지금은 영업시간이 아니어서, { $day ->
        [mon] 월요일
        [tue] 화요일
        [wed] 수요일
        [thu] 목요일
        [fri] 금요일
        [sat] 토요일
       *[sun] 일요일
    } { $time }({ $timezone })에 업무를 시작한 후 상담원이 답변드리겠습니다.

## Labels for facts quoted from the shop's data

label-price = 가격

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = 상품 페이지에는 이렇게 나와 있습니다:
attribute-nearest-intro = 상품 페이지의 다음 내용이 질문에 대한 답이 될 수 있습니다:
price-intro = 카탈로그 가격은 다음과 같습니다:
catalogue-yes = 네, 있습니다:
availability-yes = 네, 있습니다:
availability-sold-out = 죄송합니다, 현재 품절입니다:
availability-none = 죄송합니다, 해당 옵션은 제공하지 않습니다.
stock-in = 재고 있음
stock-out = 품절
catalogue-none = 죄송합니다, 저희 카탈로그에서 찾을 수 없습니다.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = 주문번호 { $order } 주문의 새 배송지 주소를 알려 주세요. 도로명과 건물번호, 도시, 우편번호, 국가를 한 메시지에 적어 주세요.
action-ask-address-again = 완전한 주소로 인식하지 못했습니다. 도로명과 건물번호, 도시, 우편번호, 국가를 적어 주세요. 예: 서울특별시 강남구 테헤란로 123, 06234, 대한민국
action-ask-option = { $item } 상품을 어떤 { $option } 옵션으로 바꿔 드릴까요? 선택 가능: { $choices }
action-ask-items = 주문 { $order }에서 어떤 상품을 반품하시겠어요? 번호 또는 "전부"로 답해 주세요:
action-propose-cancel = 주문번호 { $order } 주문을 취소해 드릴 수 있습니다:
action-propose-address = 주문번호 { $order } 주문의 배송지를 다음 주소로 변경해 드릴 수 있습니다:
action-propose-return = 주문번호 { $order } 주문의 다음 상품에 대해 반품을 신청해 드릴 수 있습니다:
action-propose-exchange = 주문번호 { $order } 주문에서 다음과 같이 교환해 드릴 수 있습니다:
action-refund = 결제하신 수단으로 { $amount } { $currency } 환불해 드립니다.
action-return-refund = 스토어에서 상품을 받으면 결제하신 수단으로 { $amount } { $currency } 환불해 드립니다.
action-price-more = 새 상품은 { $amount } { $currency } 더 비쌉니다.
action-price-less = 새 상품은 { $amount } { $currency } 더 저렴합니다. 차액은 결제하신 수단으로 환불해 드립니다.
action-price-same = 가격은 동일합니다.
action-confirm = 이대로 진행할까요? 네 또는 아니요로 답해 주세요.
action-declined = 알겠습니다. 주문번호 { $order } 주문은 변경된 내용이 없습니다.
action-done-cancel = 완료되었습니다. 주문번호 { $order } 주문이 취소되었습니다.
action-done-address = 완료되었습니다. 주문번호 { $order } 주문은 새 주소로 배송됩니다.
action-done-return = 완료되었습니다. 주문번호 { $order } 주문의 반품이 접수되었습니다. 스토어 반품 정책에 따라 상품을 보내 주세요. 상품이 도착하면 환불해 드립니다.
action-done-exchange = 완료되었습니다. 주문번호 { $order } 주문의 교환이 접수되었습니다. 스토어 반품 정책에 따라 상품을 보내 주세요. 상품이 도착하면 새 상품을 보내 드립니다.
action-with-shop = 주문번호 { $order } 주문에 대한 요청이 스토어 담당 팀에 전달되었습니다. 답변은 여기로 드리겠습니다.
action-rejected = 스토어 담당 팀이 주문번호 { $order } 주문에 대한 요청을 승인하지 않아 변경된 내용은 없습니다.
action-expired = 주문번호 { $order } 주문에 대한 요청이 기한 내에 처리되지 않아 변경된 내용은 없습니다. 계속 원하시면 다시 메시지를 보내 주세요.
action-failed = 스토어 시스템에서 주문번호 { $order } 주문의 변경을 받아들이지 않았습니다: { $error }. 이후에는 담당 직원이 처리해 드리겠습니다.
action-unreachable = 스토어 시스템에 연결할 수 없어 주문번호 { $order } 주문은 아직 확정된 내용이 없습니다. 이후에는 담당 직원이 처리해 드리겠습니다.
action-refused-cancel-shipped = 주문번호 { $order } 주문은 이미 발송되어 취소할 수 없습니다. 상품을 받으신 후 반품하실 수 있습니다.
action-refused-address-shipped = 주문번호 { $order } 주문은 이미 발송되어 배송지를 변경할 수 없습니다.
action-refused-cancelled = 주문번호 { $order } 주문은 취소되어 더 이상 변경할 내용이 없습니다.
action-refused-under-way = 주문번호 { $order } 주문은 이미 반품 또는 교환이 진행 중입니다.
action-refused-not-delivered = 주문번호 { $order } 주문은 아직 배송 완료되지 않았습니다. 상품이 도착한 후에 반품 또는 교환하실 수 있습니다.
action-refused-window = 주문번호 { $order } 주문의 { $days }일 반품 기간이 { $until }에 종료되어 반품 또는 교환이 불가능합니다.
action-refused-not-returnable = 스토어 정책상 { $item } 상품은 반품 및 교환이 불가능합니다.
action-refused-unavailable = { $item } 상품의 { $value } 옵션은 현재 선택하실 수 없습니다.
action-refused-no-variant = { $item } 상품에는 { $value } 옵션이 없습니다. 선택 가능: { $choices }
action-refused-not-allowed = 이 변경은 여기에서 처리할 수 없습니다.
action-on-platform = { $platform }에서는 이 변경을 직접 하실 수 있습니다. { $platform } 앱이나 계정에서 주문을 열고 해당 옵션을 선택해 주세요. 옵션이 보이지 않으면 여기로 메시지를 주시면 담당 직원이 도와드리겠습니다.
