# kefu's replies in Vietnamese (Tiếng Việt).

# Reference and variables: en.ftl

## Small talk

greeting = Xin chào! Chào mừng bạn đến với { $shop }. Hôm nay tôi có thể giúp gì cho bạn?
thanks = Không có gì ạ! Bạn còn cần tôi hỗ trợ gì thêm không?
out-of-scope = Tôi chỉ có thể hỗ trợ về đơn hàng, vận chuyển, trả hàng và sản phẩm của { $shop }. Tôi có thể giúp gì cho bạn?

## Answers quoted from the shop's own pages

from-shop = Đây là thông tin từ { $shop }:
not-sure = Tôi không chắc mình có thể trả lời chính xác câu hỏi này.

## Asking for what is missing

ask-order-id = Bạn vui lòng cho tôi biết mã đơn hàng được không? Bạn có thể tìm thấy mã này trong xác nhận đơn hàng.
ask-country = Đơn hàng cần được giao đến quốc gia nào ạ?
ask-photo = Rất tiếc khi nghe điều này! Bạn vui lòng gửi ảnh chụp sản phẩm và bao bì, kèm theo mã đơn hàng, để đội ngũ của chúng tôi xử lý cho bạn nhé.
order-not-found = Tôi không tìm thấy đơn hàng { $order } tại { $shop }. Bạn vui lòng kiểm tra lại mã đơn hàng được không? Mã này có trong xác nhận đơn hàng của bạn.
order-verify = Để bảo vệ đơn hàng của bạn: email, số điện thoại hoặc mã bưu chính trong đơn hàng { $order } là gì?
order-verify-mismatch = Thông tin không khớp với đơn hàng { $order }. Vui lòng cho biết email, số điện thoại hoặc mã bưu chính đã dùng khi đặt hàng.

## Order status

order-pending = Đơn hàng { $order } đã được đặt và đang chờ thanh toán hoặc xác nhận.
order-processing = Đơn hàng { $order } đang được chuẩn bị và chưa được gửi đi.
order-shipped = Đơn hàng { $order } đã được gửi qua { $carrier }. Mã vận đơn: { $tracking }.
order-shipped-untracked = Đơn hàng { $order } đã được gửi qua { $carrier }.
order-delivered = Đơn hàng { $order } đã được giao vào ngày { $date }.
order-cancelled = Đơn hàng { $order } đã bị hủy.
order-returned = Đơn hàng { $order } đã được hoàn trả.
order-return-requested = Yêu cầu trả hàng cho đơn hàng { $order } đang được xử lý: tiền sẽ được hoàn sau khi cửa hàng nhận được sản phẩm.
order-exchange-requested = Yêu cầu đổi hàng cho đơn hàng { $order } đang được xử lý.
order-eta = Thời gian giao hàng dự kiến: từ { $from } đến { $to }.
order-eta-passed = Thời gian giao hàng dự kiến (từ { $from } đến { $to }) đã qua. Nếu trong vài ngày tới bạn vẫn chưa nhận được hàng, hãy nhắn cho chúng tôi, chúng tôi sẽ cùng đơn vị vận chuyển kiểm tra.
order-last-update = Cập nhật vận chuyển gần nhất: { $date }.
order-track = Bạn có thể theo dõi đơn hàng tại đây: { $url }
order-not-received = Nếu thông tin vận chuyển báo đã giao nhưng bạn chưa nhận được hàng, vui lòng hỏi hàng xóm và bưu cục tại địa phương; nếu vẫn không thấy, hãy trả lời tại đây và nhân viên của chúng tôi sẽ mở yêu cầu điều tra với đơn vị vận chuyển.

## Shipping

shipping-intro = Vận chuyển từ { $shop } đến { $country }:
shipping-intro-other = Vận chuyển từ { $shop } đến { $country } (các lựa chọn của cửa hàng áp dụng cho tất cả các điểm đến khác):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } ngày
shipping-none = Rất tiếc, hiện tại { $shop } không giao hàng đến { $country }.

## Returns

returns-window = Bạn có thể trả hàng trong vòng { $days } ngày kể từ ngày giao hàng.
returns-until = Đơn hàng { $order } đã được giao vào ngày { $date }, vì vậy bạn có thể trả hàng đến ngày { $until }.
returns-expired = Đơn hàng { $order } đã được giao vào ngày { $date }; thời hạn trả hàng { $days } ngày đã kết thúc vào ngày { $until }. Nếu sản phẩm bị lỗi, nhân viên của chúng tôi vẫn có thể xem xét trường hợp của bạn.
returns-policy = Chi tiết trong chính sách trả hàng của { $shop }:

## Complaints

complaint = Rất xin lỗi vì sự bất tiện này. Tôi muốn giải quyết ổn thỏa cho bạn: bạn có thể cho tôi biết mã đơn hàng và vấn đề bạn gặp phải không?

## Hand-off to a person

handoff = Tôi đang chuyển bạn đến một thành viên trong đội ngũ của chúng tôi. Nhân viên thường sẽ phản hồi trong vòng { $minutes } phút.
handoff-closed = Tôi đang chuyển bạn đến một thành viên trong đội ngũ của chúng tôi. Hiện chúng tôi đang ngoài giờ làm việc; nhân viên sẽ phản hồi sau khi chúng tôi mở cửa lúc { $time } { $day ->
        [mon] thứ Hai
        [tue] thứ Ba
        [wed] thứ Tư
        [thu] thứ Năm
        [fri] thứ Sáu
        [sat] thứ Bảy
       *[sun] Chủ nhật
    } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Giá

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Đây là thông tin trên trang sản phẩm:
attribute-nearest-intro = Đây là thông tin trên trang sản phẩm có thể trả lời câu hỏi của bạn:
price-intro = Đây là giá trong danh mục của chúng tôi:
catalogue-yes = Vâng, chúng tôi có:
availability-yes = Vâng, chúng tôi có:
availability-sold-out = Rất tiếc, hiện đã hết hàng:
availability-none = Rất tiếc, chúng tôi không có lựa chọn đó.
stock-in = còn hàng
stock-out = hết hàng
catalogue-none = Rất tiếc, tôi không tìm thấy sản phẩm đó trong danh mục của chúng tôi.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Địa chỉ giao hàng mới cho đơn hàng { $order } là gì ạ? Bạn vui lòng ghi số nhà và tên đường, thành phố, mã bưu chính và quốc gia trong một tin nhắn.
action-ask-address-again = Tôi chưa đọc được đây là một địa chỉ đầy đủ. Bạn vui lòng ghi số nhà và tên đường, thành phố, mã bưu chính và quốc gia, ví dụ: 12 Lê Lợi, Quận 1, TP. Hồ Chí Minh, 700000, Việt Nam.
action-ask-option = Bạn muốn đổi { $item } sang { $option } nào? Hiện có: { $choices }.
action-ask-items = Bạn muốn trả những sản phẩm nào trong đơn hàng { $order }? Hãy trả lời bằng số thứ tự, hoặc "tất cả":
action-propose-cancel = Tôi có thể hủy đơn hàng { $order }:
action-propose-address = Tôi có thể đổi địa chỉ giao hàng của đơn hàng { $order } thành:
action-propose-return = Tôi có thể tạo yêu cầu trả hàng cho các sản phẩm sau trong đơn hàng { $order }:
action-propose-exchange = Tôi có thể đổi hàng trong đơn hàng { $order } như sau:
action-refund = Khoản hoàn tiền { $amount } { $currency } sẽ được trả về phương thức thanh toán bạn đã dùng.
action-return-refund = Sau khi cửa hàng nhận được sản phẩm, { $amount } { $currency } sẽ được hoàn về phương thức thanh toán bạn đã dùng.
action-price-more = Sản phẩm mới đắt hơn { $amount } { $currency }.
action-price-less = Sản phẩm mới rẻ hơn { $amount } { $currency }; phần chênh lệch sẽ được hoàn về phương thức thanh toán bạn đã dùng.
action-price-same = Giá không thay đổi.
action-confirm = Tôi tiến hành nhé? Bạn vui lòng trả lời có hoặc không.
action-declined = Vâng, đơn hàng { $order } không có thay đổi nào.
action-done-cancel = Xong: đơn hàng { $order } đã được hủy.
action-done-address = Xong: đơn hàng { $order } sẽ được giao đến địa chỉ mới.
action-done-return = Xong: yêu cầu trả hàng cho đơn hàng { $order } đã được ghi nhận. Bạn vui lòng gửi trả sản phẩm theo chính sách trả hàng của cửa hàng; tiền sẽ được hoàn khi cửa hàng nhận được hàng.
action-done-exchange = Xong: yêu cầu đổi hàng cho đơn hàng { $order } đã được ghi nhận. Bạn vui lòng gửi trả sản phẩm theo chính sách trả hàng của cửa hàng; sản phẩm mới sẽ được gửi khi cửa hàng nhận được hàng.
action-with-shop = Yêu cầu của bạn về đơn hàng { $order } đã được chuyển đến đội ngũ của cửa hàng; bạn sẽ nhận được phản hồi tại đây.
action-rejected = Đội ngũ của cửa hàng không chấp thuận yêu cầu của bạn về đơn hàng { $order }, nên không có gì thay đổi.
action-expired = Yêu cầu của bạn về đơn hàng { $order } chưa được xử lý kịp thời, nên không có gì thay đổi. Nếu vẫn có nhu cầu, bạn vui lòng nhắn lại nhé.
action-failed = Hệ thống của cửa hàng không chấp nhận thay đổi cho đơn hàng { $order }: { $error }. Nhân viên của chúng tôi sẽ tiếp tục hỗ trợ bạn.
action-unreachable = Không thể kết nối với hệ thống của cửa hàng, nên đơn hàng { $order } chưa có gì được xác nhận. Nhân viên của chúng tôi sẽ tiếp tục hỗ trợ bạn.
action-refused-cancel-shipped = Đơn hàng { $order } đã được gửi đi nên không thể hủy nữa. Khi nhận được hàng, bạn có thể trả hàng.
action-refused-address-shipped = Đơn hàng { $order } đã được gửi đi nên không thể đổi địa chỉ giao hàng nữa.
action-refused-cancelled = Đơn hàng { $order } đã bị hủy: không còn gì để thay đổi.
action-refused-under-way = Đơn hàng { $order } đã có yêu cầu trả hàng hoặc đổi hàng đang được xử lý.
action-refused-not-delivered = Đơn hàng { $order } chưa được giao: bạn có thể trả hoặc đổi sản phẩm sau khi nhận được hàng.
action-refused-window = Thời hạn trả hàng { $days } ngày của đơn hàng { $order } đã kết thúc vào ngày { $until }, nên không thể trả hoặc đổi hàng nữa.
action-refused-not-returnable = Theo chính sách của cửa hàng, { $item } không thể trả hoặc đổi.
action-refused-unavailable = { $item } loại { $value } hiện không có sẵn.
action-refused-no-variant = { $item } không có loại { $value }. Hiện có: { $choices }.
action-refused-not-allowed = Không thể thực hiện thay đổi này tại đây.
action-on-platform = Trên { $platform }, bạn tự thực hiện thay đổi này: mở đơn hàng trong ứng dụng hoặc tài khoản { $platform } và chọn tùy chọn ở đó. Nếu không có, hãy nhắn cho chúng tôi tại đây và nhân viên sẽ hỗ trợ bạn.
