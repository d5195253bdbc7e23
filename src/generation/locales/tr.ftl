# kefu's replies in Turkish (Türkçe), siz.

# Reference and variables: en.ftl

## Small talk

greeting = Merhaba! { $shop } mağazasına hoş geldiniz. Bugün size nasıl yardımcı olabilirim?
thanks = Rica ederim! Yardımcı olabileceğim başka bir konu var mı?
out-of-scope = Yalnızca { $shop } mağazasının sipariş, kargo, iade ve ürünleriyle ilgili konularda yardımcı olabilirim. Sizin için ne yapabilirim?

## Answers quoted from the shop's own pages

from-shop = { $shop } mağazası bu konuda şunları belirtiyor:
not-sure = Bu soruyu doğru yanıtlayabileceğimden emin değilim.

## Asking for what is missing

ask-order-id = Sipariş numaranızı paylaşabilir misiniz? Numarayı sipariş onayınızda bulabilirsiniz.
ask-country = Sipariş hangi ülkeye gönderilecek?
ask-photo = Bunu duyduğuma çok üzüldüm! Ekibimizin sorunu çözebilmesi için lütfen ürünün ve ambalajının bir fotoğrafını sipariş numaranızla birlikte gönderin.
order-not-found = { $shop } mağazasında { $order } numaralı siparişi bulamıyorum. Numarayı kontrol edebilir misiniz? Sipariş numarası, sipariş onayınızda yer alıyor.
order-verify = Siparişinizi korumak için: { $order } numaralı siparişteki e-posta adresi, telefon numarası veya posta kodu nedir?
order-verify-mismatch = Bu, { $order } numaralı siparişle eşleşmiyor. Lütfen siparişte kullanılan e-posta adresini, telefon numarasını veya posta kodunu yazın.

## Order status

order-pending = { $order } numaralı sipariş oluşturuldu; ödeme veya onay bekleniyor.
order-processing = { $order } numaralı sipariş hazırlanıyor ve henüz kargoya verilmedi.
order-shipped = { $order } numaralı sipariş { $carrier } ile kargoya verildi. Takip numarası: { $tracking }.
order-shipped-untracked = { $order } numaralı sipariş { $carrier } ile kargoya verildi.
order-delivered = { $order } numaralı sipariş { $date } tarihinde teslim edildi.
order-cancelled = { $order } numaralı sipariş iptal edildi.
order-returned = { $order } numaralı sipariş iade edildi.
order-eta = Tahmini teslimat: { $from } ile { $to } arasında.
order-eta-passed = Tahmini teslimat aralığı ({ $from } – { $to }) geçti. Siparişiniz birkaç gün içinde ulaşmazsa bize yazın, kargo firmasıyla birlikte durumu araştıralım.
order-last-update = Son takip güncellemesi: { $date }.
order-track = Kargonuzu buradan takip edebilirsiniz: { $url }
order-not-received = Takip bilgisinde teslim edildi görünüyor ancak siparişinizi almadıysanız lütfen komşularınıza ve bölgenizdeki postaneye danışın; hâlâ bulunamazsa buraya yanıt verin, ekibimizden biri kargo firması nezdinde bir inceleme başlatacaktır.

## Shipping

shipping-intro = { $shop } mağazasından gönderim (varış ülkesi: { $country }):
shipping-intro-other = { $shop } mağazasından gönderim (varış ülkesi: { $country }; mağazanın diğer tüm varış noktaları için sunduğu seçenekler):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } gün
shipping-none = Üzgünüz, { $shop } mağazası şu anda { $country } için gönderim yapmıyor.

## Returns

returns-window = Ürünleri teslimattan itibaren { $days } gün içinde iade edebilirsiniz.
returns-until = { $order } numaralı sipariş { $date } tarihinde teslim edildi; bu nedenle { $until } tarihine kadar iade edebilirsiniz.
returns-expired = { $order } numaralı sipariş { $date } tarihinde teslim edildi; { $days } günlük iade süresi { $until } tarihinde sona erdi. Ürün kusurluysa ekibimizden biri yine de durumunuzu inceleyebilir.
returns-policy = { $shop } mağazasının iade politikasından ayrıntılar:

## Complaints

complaint = Yaşadığınız sorun için çok üzgünüm. Durumu düzeltmek istiyorum: Sipariş numaranızı ve neyin yanlış gittiğini paylaşabilir misiniz?

## Hand-off to a person

handoff = Sizi ekibimizden birine aktarıyorum. Bir çalışanımız genellikle { $minutes } dakika içinde yanıt verir.
handoff-closed = Sizi ekibimizden birine aktarıyorum. Şu anda kapalıyız; { $day ->
        [mon] pazartesi günü
        [tue] salı günü
        [wed] çarşamba günü
        [thu] perşembe günü
        [fri] cuma günü
        [sat] cumartesi günü
       *[sun] pazar günü
    } saat { $time } ({ $timezone }) açılışımızdan sonra bir çalışanımız size yanıt verecektir.

## Labels for facts quoted from the shop's data

label-price = Fiyat

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Ürün sayfasında yazanlar şöyle:
price-intro = Kataloğumuzdaki fiyatlar şöyle:
catalogue-yes = Evet, elimizde var:
availability-yes = Evet, elimizde var:
availability-sold-out = Üzgünüz, şu anda tükendi:
availability-none = Üzgünüz, bu seçeneği sunmuyoruz.
stock-in = stokta
stock-out = tükendi
catalogue-none = Üzgünüz, bunu kataloğumuzda bulamadım.
