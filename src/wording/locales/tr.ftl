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
order-return-requested = { $order } numaralı sipariş için iade süreci devam ediyor: Ürünler mağazaya ulaştığında ücret iadesi yapılacaktır.
order-exchange-requested = { $order } numaralı sipariş için değişim süreci devam ediyor.
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
attribute-nearest-intro = Ürün sayfasında sorunuzu yanıtlayabilecek bilgiler şöyle:
price-intro = Kataloğumuzdaki fiyatlar şöyle:
catalogue-yes = Evet, elimizde var:
availability-yes = Evet, elimizde var:
availability-sold-out = Üzgünüz, şu anda tükendi:
availability-none = Üzgünüz, bu seçeneği sunmuyoruz.
stock-in = stokta
stock-out = tükendi
catalogue-none = Üzgünüz, bunu kataloğumuzda bulamadım.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = { $order } numaralı siparişin yeni teslimat adresi nedir? Lütfen cadde/sokak ve bina numarası, şehir, posta kodu ve ülke bilgilerini tek bir mesajda yazın.
action-ask-address-again = Bunu tam bir adres olarak okuyamadım. Lütfen cadde/sokak ve bina numarası, şehir, posta kodu ve ülkeyi yazın; örneğin: Bağdat Caddesi No: 12, 34710 Kadıköy/İstanbul, Türkiye.
action-ask-option = { $item } için bunun yerine hangi { $option } seçeneğini istersiniz? Mevcut seçenekler: { $choices }.
action-ask-items = { $order } numaralı siparişten hangi ürünleri iade etmek istiyorsunuz? Numaralarıyla ya da "hepsi" diye yanıtlayın:
action-propose-cancel = { $order } numaralı siparişi iptal edebilirim:
action-propose-address = { $order } numaralı siparişin teslimat adresini şu adresle değiştirebilirim:
action-propose-return = { $order } numaralı siparişteki şu ürünler için iade başlatabilirim:
action-propose-exchange = { $order } numaralı siparişte şu değişimi yapabilirim:
action-refund = { $amount } { $currency } tutarındaki iade, kullandığınız ödeme yöntemine yapılacaktır.
action-return-refund = Ürünler mağazaya ulaştığında { $amount } { $currency } kullandığınız ödeme yöntemine iade edilecektir.
action-price-more = Yeni ürün { $amount } { $currency } daha pahalı.
action-price-less = Yeni ürün { $amount } { $currency } daha ucuz; aradaki fark kullandığınız ödeme yöntemine iade edilecektir.
action-price-same = Fiyat aynı kalıyor.
action-confirm = İşleme devam edeyim mi? Lütfen evet veya hayır şeklinde yanıtlayın.
action-declined = Peki, { $order } numaralı siparişte hiçbir değişiklik yapılmadı.
action-done-cancel = Tamamlandı: { $order } numaralı sipariş iptal edildi.
action-done-address = Tamamlandı: { $order } numaralı sipariş yeni adrese teslim edilecek.
action-done-return = Tamamlandı: { $order } numaralı siparişin iadesi kaydedildi. Lütfen ürünleri mağazanın iade politikasında belirtildiği şekilde geri gönderin; ürünler ulaştığında ücret iadesi yapılacaktır.
action-done-exchange = Tamamlandı: { $order } numaralı sipariş için değişim kaydedildi. Lütfen ürünü mağazanın iade politikasında belirtildiği şekilde geri gönderin; ürün ulaştığında yenisi gönderilecektir.
action-with-shop = { $order } numaralı siparişle ilgili talebiniz şu anda mağaza ekibinde; yanıtı buradan alacaksınız.
action-rejected = Mağaza ekibi { $order } numaralı siparişle ilgili talebinizi onaylamadı; bu nedenle hiçbir değişiklik yapılmadı.
action-expired = { $order } numaralı siparişle ilgili talebiniz zamanında işleme alınmadı; bu nedenle hiçbir değişiklik yapılmadı. Hâlâ istiyorsanız lütfen tekrar yazın.
action-failed = Mağazanın sistemi { $order } numaralı siparişteki değişikliği kabul etmedi: { $error }. Bundan sonrasıyla ekibimizden biri ilgilenecek.
action-unreachable = Mağazanın sistemine ulaşılamadı; bu nedenle { $order } numaralı sipariş için henüz hiçbir şey onaylanmadı. Bundan sonrasıyla ekibimizden biri ilgilenecek.
action-refused-cancel-shipped = { $order } numaralı sipariş kargoya verildiği için artık iptal edilemiyor. Sipariş size ulaştığında iade edebilirsiniz.
action-refused-address-shipped = { $order } numaralı sipariş kargoya verildiği için teslimat adresi artık değiştirilemiyor.
action-refused-cancelled = { $order } numaralı sipariş iptal edildi: değiştirilecek bir şey kalmadı.
action-refused-under-way = { $order } numaralı sipariş için zaten devam eden bir iade veya değişim var.
action-refused-not-delivered = { $order } numaralı sipariş henüz teslim edilmedi: Ürünler ulaştıktan sonra iade edilebilir veya değiştirilebilir.
action-refused-window = { $order } numaralı siparişin { $days } günlük iade süresi { $until } tarihinde sona erdi; bu nedenle artık iade veya değişim yapılamıyor.
action-refused-not-returnable = Mağazanın politikasına göre { $item } iade edilemez ve değiştirilemez.
action-refused-unavailable = { $item } ürününün { $value } seçeneği şu anda mevcut değil.
action-refused-no-variant = { $item } ürününün { $value } seçeneği bulunmuyor. Mevcut seçenekler: { $choices }.
action-refused-not-allowed = Bu değişiklik burada yapılamıyor.
action-on-platform = { $platform } üzerinde bu değişikliği kendiniz yaparsınız: siparişi { $platform } uygulamanızda veya hesabınızda açıp oradaki seçeneği kullanın. Seçenek yoksa bize buradan yazın, ekibimizden biri yardımcı olacaktır.
