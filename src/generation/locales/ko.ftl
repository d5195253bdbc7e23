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
price-intro = 카탈로그 가격은 다음과 같습니다:
catalogue-yes = 네, 있습니다:
availability-yes = 네, 있습니다:
availability-sold-out = 죄송합니다, 현재 품절입니다:
availability-none = 죄송합니다, 해당 옵션은 제공하지 않습니다.
stock-in = 재고 있음
stock-out = 품절
catalogue-none = 죄송합니다, 저희 카탈로그에서 찾을 수 없습니다.
