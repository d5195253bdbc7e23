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
order-return-requested = Zwrot zamówienia { $order } jest w toku: pieniądze zostaną zwrócone, gdy sklep otrzyma produkty.
order-exchange-requested = Wymiana w zamówieniu { $order } jest w toku.
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
attribute-nearest-intro = Oto co mówi opis produktu, co może odpowiedzieć na Twoje pytanie:
price-intro = Oto ceny z naszego katalogu:
catalogue-yes = Tak, mamy:
availability-yes = Tak, mamy:
availability-sold-out = Niestety, obecnie jest wyprzedane:
availability-none = Niestety, nie oferujemy tej opcji.
stock-in = dostępny
stock-out = wyprzedany
catalogue-none = Niestety, nie znajduję tego w naszym katalogu.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Jaki jest nowy adres dostawy zamówienia { $order }? Prosimy podać w jednej wiadomości ulicę i numer, miejscowość, kod pocztowy i kraj.
action-ask-address-again = Nie udało się rozpoznać tego jako pełnego adresu. Prosimy podać ulicę i numer, miejscowość, kod pocztowy i kraj, na przykład: ul. Marszałkowska 12, 00-590 Warszawa, Polska.
action-ask-option = Jaki { $option } wybierają Państwo zamiast tego dla produktu { $item }? Dostępne: { $choices }.
action-ask-items = Które produkty z zamówienia { $order } chcesz zwrócić? Odpowiedz ich numerami albo „wszystkie”:
action-propose-cancel = Mogę anulować zamówienie { $order }:
action-propose-address = Mogę zmienić adres dostawy zamówienia { $order } na:
action-propose-return = Mogę rozpocząć zwrot tych produktów z zamówienia { $order }:
action-propose-exchange = Mogę wymienić w zamówieniu { $order }:
action-refund = Kwota { $amount } { $currency } zostanie zwrócona na metodę płatności, z której Państwo skorzystali.
action-return-refund = Gdy sklep otrzyma produkty, kwota { $amount } { $currency } zostanie zwrócona na metodę płatności, z której Państwo skorzystali.
action-price-more = Nowy produkt kosztuje o { $amount } { $currency } więcej.
action-price-less = Nowy produkt kosztuje o { $amount } { $currency } mniej; różnica zostanie zwrócona na metodę płatności, z której Państwo skorzystali.
action-price-same = Cena pozostaje bez zmian.
action-confirm = Czy mam to zrobić? Prosimy odpowiedzieć tak lub nie.
action-declined = Dobrze, w zamówieniu { $order } nic nie zostało zmienione.
action-done-cancel = Gotowe: zamówienie { $order } zostało anulowane.
action-done-address = Gotowe: zamówienie { $order } zostanie dostarczone na nowy adres.
action-done-return = Gotowe: zwrot zamówienia { $order } został zarejestrowany. Prosimy odesłać produkty zgodnie z polityką zwrotów sklepu; pieniądze zostaną zwrócone po ich dotarciu.
action-done-exchange = Gotowe: wymiana w zamówieniu { $order } została zarejestrowana. Prosimy odesłać produkt zgodnie z polityką zwrotów sklepu; nowy zostanie wysłany po jego dotarciu.
action-with-shop = Państwa prośba dotycząca zamówienia { $order } trafiła do zespołu sklepu; odpowiedź otrzymają Państwo tutaj.
action-rejected = Zespół sklepu nie zaakceptował Państwa prośby dotyczącej zamówienia { $order }, więc nic nie zostało zmienione.
action-expired = Państwa prośba dotycząca zamówienia { $order } nie została rozpatrzona na czas, więc nic nie zostało zmienione. Jeśli jest nadal aktualna, prosimy napisać ponownie.
action-failed = System sklepu nie przyjął zmiany w zamówieniu { $order }: { $error }. Dalej sprawą zajmie się nasz pracownik.
action-unreachable = Nie udało się połączyć z systemem sklepu, więc w zamówieniu { $order } nic nie zostało jeszcze potwierdzone. Dalej sprawą zajmie się nasz pracownik.
action-refused-cancel-shipped = Zamówienie { $order } zostało już wysłane, więc nie można go już anulować. Po dostarczeniu można je zwrócić.
action-refused-address-shipped = Zamówienie { $order } zostało już wysłane, więc nie można już zmienić adresu dostawy.
action-refused-cancelled = Zamówienie { $order } zostało anulowane: nie ma już czego zmieniać.
action-refused-under-way = W zamówieniu { $order } trwa już zwrot lub wymiana.
action-refused-not-delivered = Zamówienie { $order } nie zostało jeszcze dostarczone: produkty można zwrócić lub wymienić po ich otrzymaniu.
action-refused-window = { $days }-dniowy termin zwrotu zamówienia { $order } upłynął { $until }, więc nie można go już zwrócić ani wymienić.
action-refused-not-returnable = Zgodnie z polityką sklepu produktu { $item } nie można zwrócić ani wymienić.
action-refused-unavailable = Produkt { $item } w wariancie { $value } jest obecnie niedostępny.
action-refused-no-variant = Produkt { $item } nie występuje w wariancie { $value }. Dostępne: { $choices }.
action-refused-not-allowed = Tej zmiany nie można wprowadzić tutaj.
action-on-platform = Na { $platform } tę zmianę wprowadzasz samodzielnie: otwórz zamówienie w aplikacji lub na koncie { $platform } i wybierz tam odpowiednią opcję. Jeśli jej nie ma, napisz do nas tutaj, a ktoś z zespołu pomoże.
