# kefu's replies in Indonesian (Bahasa Indonesia), Anda.

# Reference and variables: en.ftl

## Small talk

greeting = Halo! Selamat datang di { $shop }. Ada yang bisa saya bantu hari ini?
thanks = Sama-sama! Ada lagi yang bisa saya bantu?
out-of-scope = Saya hanya dapat membantu terkait pesanan, pengiriman, pengembalian, dan produk { $shop }. Ada yang bisa saya bantu?

## Answers quoted from the shop's own pages

from-shop = Berikut informasi dari { $shop }:
not-sure = Saya tidak yakin dapat menjawab pertanyaan itu dengan tepat.

## Asking for what is missing

ask-order-id = Boleh saya minta nomor pesanan Anda? Anda dapat menemukannya di konfirmasi pesanan.
ask-country = Pesanan akan dikirim ke negara mana?
ask-photo = Kami turut menyesal mendengarnya! Silakan kirimkan foto barang beserta kemasannya, bersama nomor pesanan Anda, agar tim kami dapat menanganinya.
order-not-found = Saya tidak menemukan pesanan { $order } di { $shop }. Bisakah Anda memeriksa nomornya? Nomor pesanan tercantum di konfirmasi pesanan Anda.
order-verify = Demi keamanan pesanan Anda: apa alamat email, nomor telepon, atau kode pos pada pesanan { $order }?
order-verify-mismatch = Itu tidak cocok dengan pesanan { $order }. Mohon sebutkan alamat email, nomor telepon, atau kode pos yang dipakai saat memesan.

## Order status

order-pending = Pesanan { $order } sudah dibuat dan sedang menunggu pembayaran atau konfirmasi.
order-processing = Pesanan { $order } sedang disiapkan dan belum dikirim.
order-shipped = Pesanan { $order } telah dikirim melalui { $carrier }. Nomor resi: { $tracking }.
order-shipped-untracked = Pesanan { $order } telah dikirim melalui { $carrier }.
order-delivered = Pesanan { $order } telah sampai pada { $date }.
order-cancelled = Pesanan { $order } telah dibatalkan.
order-returned = Pesanan { $order } telah dikembalikan.
order-return-requested = Pengembalian pesanan { $order } sedang diproses: dana akan dikembalikan setelah toko menerima barangnya.
order-exchange-requested = Penukaran untuk pesanan { $order } sedang diproses.
order-eta = Perkiraan tiba: antara { $from } dan { $to }.
order-eta-passed = Perkiraan waktu tiba ({ $from } sampai { $to }) sudah lewat. Jika pesanan belum tiba dalam beberapa hari, silakan hubungi kami dan kami akan menyelidikinya bersama pihak ekspedisi.
order-last-update = Pembaruan pelacakan terakhir: { $date }.
order-track = Anda dapat melacaknya di sini: { $url }
order-not-received = Jika status pelacakan menunjukkan pesanan sudah sampai tetapi Anda belum menerimanya, silakan tanyakan kepada tetangga dan kantor pos setempat; jika masih belum ditemukan, balas di sini dan petugas kami akan membuka investigasi dengan pihak ekspedisi.

## Shipping

shipping-intro = Pengiriman dari { $shop } ke { $country }:
shipping-intro-other = Pengiriman dari { $shop } ke { $country } (opsi toko untuk semua tujuan lainnya):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } hari
shipping-none = Mohon maaf, saat ini { $shop } tidak melayani pengiriman ke { $country }.

## Returns

returns-window = Anda dapat mengembalikan barang dalam waktu { $days } hari sejak pesanan sampai.
returns-until = Pesanan { $order } telah sampai pada { $date }, jadi Anda dapat mengembalikannya hingga { $until }.
returns-expired = Pesanan { $order } telah sampai pada { $date }; batas waktu pengembalian { $days } hari telah berakhir pada { $until }. Jika barangnya rusak atau cacat, petugas kami tetap dapat meninjau kasus Anda.
returns-policy = Rincian dari kebijakan pengembalian { $shop }:

## Complaints

complaint = Mohon maaf atas ketidaknyamanannya. Saya ingin membantu menyelesaikannya: boleh tahu nomor pesanan Anda dan apa masalahnya?

## Hand-off to a person

handoff = Saya akan menghubungkan Anda dengan anggota tim kami. Petugas kami biasanya membalas dalam { $minutes } menit.
handoff-closed = Saya akan menghubungkan Anda dengan anggota tim kami. Saat ini kami sedang tutup; petugas kami akan membalas setelah kami buka pada hari { $day ->
        [mon] Senin
        [tue] Selasa
        [wed] Rabu
        [thu] Kamis
        [fri] Jumat
        [sat] Sabtu
       *[sun] Minggu
    } pukul { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Harga

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Berikut keterangan di halaman produk:
attribute-nearest-intro = Berikut keterangan di halaman produk yang mungkin menjawab pertanyaan Anda:
price-intro = Berikut harga dari katalog kami:
catalogue-yes = Ya, kami punya:
availability-yes = Ya, kami punya:
availability-sold-out = Maaf, saat ini stok habis:
availability-none = Maaf, kami tidak menyediakan pilihan itu.
stock-in = tersedia
stock-out = stok habis
catalogue-none = Maaf, saya tidak menemukannya di katalog kami.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Apa alamat pengiriman baru untuk pesanan { $order }? Mohon tuliskan nama jalan dan nomor, kota, kode pos, dan negara dalam satu pesan.
action-ask-address-again = Saya tidak dapat membacanya sebagai alamat lengkap. Mohon tuliskan nama jalan dan nomor, kota, kode pos, dan negara, misalnya: Jl. Sudirman No. 12, Jakarta Pusat, 10220, Indonesia.
action-ask-option = Untuk { $item }, { $option } mana yang Anda inginkan sebagai gantinya? Tersedia: { $choices }.
action-ask-items = Barang mana dari pesanan { $order } yang ingin Anda kembalikan? Balas dengan nomornya, atau "semua":
action-propose-cancel = Saya dapat membatalkan pesanan { $order }:
action-propose-address = Saya dapat mengubah alamat pengiriman pesanan { $order } menjadi:
action-propose-return = Saya dapat memulai pengembalian barang-barang berikut dari pesanan { $order }:
action-propose-exchange = Saya dapat melakukan penukaran berikut pada pesanan { $order }:
action-refund = Dana sebesar { $amount } { $currency } akan dikembalikan ke metode pembayaran yang Anda gunakan.
action-return-refund = Setelah toko menerima barangnya, dana sebesar { $amount } { $currency } akan dikembalikan ke metode pembayaran yang Anda gunakan.
action-price-more = Barang baru lebih mahal { $amount } { $currency }.
action-price-less = Barang baru lebih murah { $amount } { $currency }; selisihnya akan dikembalikan ke metode pembayaran yang Anda gunakan.
action-price-same = Harganya tetap sama.
action-confirm = Apakah saya lanjutkan? Mohon jawab ya atau tidak.
action-declined = Baik, tidak ada perubahan pada pesanan { $order }.
action-done-cancel = Selesai: pesanan { $order } telah dibatalkan.
action-done-address = Selesai: pesanan { $order } akan dikirim ke alamat baru.
action-done-return = Selesai: pengembalian pesanan { $order } telah tercatat. Silakan kirim kembali barangnya sesuai kebijakan pengembalian toko; dana akan dikembalikan setelah barang diterima.
action-done-exchange = Selesai: penukaran untuk pesanan { $order } telah tercatat. Silakan kirim kembali barangnya sesuai kebijakan pengembalian toko; barang pengganti akan dikirim setelah barang tersebut diterima.
action-with-shop = Permintaan Anda untuk pesanan { $order } sekarang sedang ditangani tim toko; Anda akan menerima jawabannya di sini.
action-rejected = Tim toko tidak menyetujui permintaan Anda untuk pesanan { $order }, jadi tidak ada yang diubah.
action-expired = Permintaan Anda untuk pesanan { $order } tidak ditangani tepat waktu, jadi tidak ada yang diubah. Silakan hubungi kami lagi jika Anda masih menginginkannya.
action-failed = Sistem toko tidak menerima perubahan pada pesanan { $order }: { $error }. Petugas kami akan menanganinya dari sini.
action-unreachable = Sistem toko tidak dapat dihubungi, jadi belum ada yang dikonfirmasi untuk pesanan { $order }. Petugas kami akan menanganinya dari sini.
action-refused-cancel-shipped = Pesanan { $order } sudah dikirim, jadi tidak dapat dibatalkan lagi. Setelah pesanan sampai, Anda dapat mengembalikannya.
action-refused-address-shipped = Pesanan { $order } sudah dikirim, jadi alamat pengirimannya tidak dapat diubah lagi.
action-refused-cancelled = Pesanan { $order } sudah dibatalkan: tidak ada lagi yang bisa diubah.
action-refused-under-way = Pesanan { $order } sudah memiliki pengembalian atau penukaran yang sedang diproses.
action-refused-not-delivered = Pesanan { $order } belum sampai: barang dapat dikembalikan atau ditukar setelah tiba.
action-refused-window = Batas waktu pengembalian { $days } hari untuk pesanan { $order } telah berakhir pada { $until }, jadi pesanan ini tidak dapat dikembalikan atau ditukar lagi.
action-refused-not-returnable = Sesuai kebijakan toko, { $item } tidak dapat dikembalikan atau ditukar.
action-refused-unavailable = { $item } varian { $value } saat ini tidak tersedia.
action-refused-no-variant = { $item } tidak memiliki varian { $value }. Yang tersedia: { $choices }.
action-refused-not-allowed = Perubahan ini tidak dapat dilakukan di sini.
action-on-platform = Di { $platform }, perubahan ini Anda lakukan sendiri: buka pesanan di aplikasi atau akun { $platform } Anda dan pilih opsinya di sana. Jika tidak tersedia, kirim pesan kepada kami di sini dan tim kami akan membantu.
