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
price-intro = Đây là giá trong danh mục của chúng tôi:
catalogue-yes = Vâng, chúng tôi có:
availability-yes = Vâng, chúng tôi có:
availability-sold-out = Rất tiếc, hiện đã hết hàng:
availability-none = Rất tiếc, chúng tôi không có lựa chọn đó.
stock-in = còn hàng
stock-out = hết hàng
catalogue-none = Rất tiếc, tôi không tìm thấy sản phẩm đó trong danh mục của chúng tôi.
