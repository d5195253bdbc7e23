# kefu's replies in Polish (polski), Państwo.

# Reference and variables: en.ftl

## Small talk

greeting = Dzień dobry! Witamy w sklepie { $shop }. W czym mogę dziś pomóc?
thanks = Nie ma za co! Czy mogę pomóc w czymś jeszcze?
out-of-scope = Mogę pomóc wyłącznie w sprawach zamówień, wysyłki, zwrotów i produktów sklepu { $shop }. W czym mogę pomóc?

## Answers quoted from the shop's own pages

from-shop = Oto co podaje sklep { $shop }:
not-sure = Nie wiem, czy potrafię poprawnie odpowiedzieć na to pytanie.

## Asking for what is missing

ask-order-id = Czy mogą Państwo podać numer zamówienia? Znajduje się on w potwierdzeniu zamówienia.
ask-country = Do jakiego kraju ma zostać wysłane zamówienie?
ask-photo = Bardzo nam przykro! Prosimy o przesłanie zdjęcia produktu i jego opakowania wraz z numerem zamówienia, aby nasz zespół mógł rozwiązać problem.
order-not-found = Nie mogę znaleźć zamówienia { $order } w sklepie { $shop }. Czy mogą Państwo sprawdzić numer? Znajduje się on w potwierdzeniu zamówienia.
order-verify = Aby chronić Twoje zamówienie: jaki adres e-mail, numer telefonu lub kod pocztowy podano w zamówieniu { $order }?
order-verify-mismatch = To nie zgadza się z zamówieniem { $order }. Podaj adres e-mail, numer telefonu lub kod pocztowy użyty przy zamówieniu.

## Order status

order-pending = Zamówienie { $order } zostało złożone i oczekuje na płatność lub potwierdzenie.
order-processing = Zamówienie { $order } jest w trakcie przygotowania i nie zostało jeszcze wysłane.
order-shipped = Zamówienie { $order } zostało wysłane za pośrednictwem { $carrier }. Numer przesyłki: { $tracking }.
order-shipped-untracked = Zamówienie { $order } zostało wysłane za pośrednictwem { $carrier }.
order-delivered = Zamówienie { $order } zostało dostarczone dnia { $date }.
order-cancelled = Zamówienie { $order } zostało anulowane.
order-returned = Zamówienie { $order } zostało zwrócone.
order-eta = Przewidywana dostawa: między { $from } a { $to }.
order-eta-passed = Przewidywany termin dostawy (od { $from } do { $to }) już minął. Jeśli przesyłka nie dotrze w ciągu kilku dni, prosimy o wiadomość — wyjaśnimy sprawę z przewoźnikiem.
order-last-update = Ostatnia aktualizacja śledzenia przesyłki: { $date }.
order-track = Przesyłkę można śledzić tutaj: { $url }
order-not-received = Jeśli według śledzenia przesyłka została dostarczona, ale jej Państwo nie otrzymali, prosimy zapytać sąsiadów i sprawdzić w lokalnej placówce pocztowej; jeśli nadal jej brakuje, prosimy odpowiedzieć tutaj, a nasz pracownik wszcznie postępowanie wyjaśniające u przewoźnika.

## Shipping

shipping-intro = Wysyłka ze sklepu { $shop } (kraj docelowy: { $country }):
shipping-intro-other = Wysyłka ze sklepu { $shop } (kraj docelowy: { $country }; opcje sklepu dla wszystkich pozostałych miejsc docelowych):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } { $max ->
        [one] dzień
        [few] dni
        [many] dni
       *[other] dni
    }
shipping-none = Przykro nam, sklep { $shop } obecnie nie wysyła do tego kraju: { $country }.

## Returns

returns-window = Produkty można zwrócić w ciągu { $days ->
        [one] { $days } dnia
        [few] { $days } dni
        [many] { $days } dni
       *[other] { $days } dni
    } od dostawy.
returns-until = Zamówienie { $order } zostało dostarczone dnia { $date }, więc można je zwrócić do { $until }.
returns-expired = Zamówienie { $order } zostało dostarczone dnia { $date }; { $days }-dniowy termin zwrotu upłynął { $until }. Jeśli produkt jest wadliwy, nasz pracownik nadal może przyjrzeć się Państwa sprawie.
returns-policy = Szczegóły z polityki zwrotów sklepu { $shop }:

## Complaints

complaint = Przepraszamy za kłopot. Chcemy to naprawić: czy mogą Państwo podać numer zamówienia i opisać, co poszło nie tak?

## Hand-off to a person

handoff = Przekazuję rozmowę członkowi naszego zespołu. Pracownik odpowie zwykle w ciągu { $minutes ->
        [one] { $minutes } minuty
        [few] { $minutes } minut
        [many] { $minutes } minut
       *[other] { $minutes } minut
    }.
handoff-closed = Przekazuję rozmowę członkowi naszego zespołu. Obecnie jesteśmy nieczynni; pracownik odpowie po otwarciu { $day ->
        [mon] w poniedziałek
        [tue] we wtorek
        [wed] w środę
        [thu] w czwartek
        [fri] w piątek
        [sat] w sobotę
       *[sun] w niedzielę
    } o { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Cena

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Oto co mówi opis produktu:
price-intro = Oto ceny z naszego katalogu:
catalogue-yes = Tak, mamy:
availability-yes = Tak, mamy:
availability-sold-out = Niestety, obecnie jest wyprzedane:
availability-none = Niestety, nie oferujemy tej opcji.
stock-in = dostępny
stock-out = wyprzedany
catalogue-none = Niestety, nie znajduję tego w naszym katalogu.
