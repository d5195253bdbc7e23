# kefu's replies in Dutch (Nederlands), u.

# Reference and variables: en.ftl

## Small talk

greeting = Hallo! Welkom bij { $shop }. Waarmee kan ik u vandaag helpen?
thanks = Graag gedaan! Kan ik u nog ergens anders mee helpen?
out-of-scope = Ik kan u alleen helpen met bestellingen, verzending, retouren en producten van { $shop }. Wat kan ik voor u doen?

## Answers quoted from the shop's own pages

from-shop = Dit zegt { $shop } hierover:
not-sure = Ik weet niet zeker of ik dat correct kan beantwoorden.

## Asking for what is missing

ask-order-id = Kunt u mij uw bestelnummer geven? U vindt het in uw orderbevestiging.
ask-country = Naar welk land moet de bestelling worden verzonden?
ask-photo = Wat vervelend om te horen! Stuur ons alstublieft een foto van het artikel en de verpakking, samen met uw bestelnummer, zodat ons team het kan oplossen.
order-not-found = Ik kan bestelling { $order } niet vinden bij { $shop }. Kunt u het nummer controleren? U vindt het in uw orderbevestiging.
order-verify = Om je bestelling te beschermen: wat is het e-mailadres, telefoonnummer of de postcode van bestelling { $order }?
order-verify-mismatch = Dat komt niet overeen met bestelling { $order }. Geef het e-mailadres, telefoonnummer of de postcode waarmee besteld is.

## Order status

order-pending = Bestelling { $order } is geplaatst en wacht op betaling of bevestiging.
order-processing = Bestelling { $order } wordt klaargemaakt en is nog niet verzonden.
order-shipped = Bestelling { $order } is verzonden met { $carrier }. Trackingnummer: { $tracking }.
order-shipped-untracked = Bestelling { $order } is verzonden met { $carrier }.
order-delivered = Bestelling { $order } is bezorgd op { $date }.
order-cancelled = Bestelling { $order } is geannuleerd.
order-returned = Bestelling { $order } is geretourneerd.
order-eta = Verwachte bezorging: tussen { $from } en { $to }.
order-eta-passed = De verwachte bezorgperiode ({ $from } tot { $to }) is verstreken. Is uw pakket over een paar dagen nog niet aangekomen, stuur ons dan een bericht; dan zoeken we het samen met de vervoerder uit.
order-last-update = Laatste trackingupdate: { $date }.
order-track = U kunt uw zending hier volgen: { $url }
order-not-received = Staat uw pakket in de tracking als bezorgd, maar hebt u het niet ontvangen? Vraag het dan na bij uw buren en het postkantoor bij u in de buurt; is het daarna nog steeds zoek, reageer dan hier en een medewerker start een onderzoek bij de vervoerder.

## Shipping

shipping-intro = Verzending van { $shop } naar { $country }:
shipping-intro-other = Verzending van { $shop } naar { $country } (de opties van de winkel voor alle overige bestemmingen):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } dagen
shipping-none = Helaas verzendt { $shop } op dit moment niet naar { $country }.

## Returns

returns-window = U kunt artikelen binnen { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    } na bezorging retourneren.
returns-until = Bestelling { $order } is bezorgd op { $date }, dus u kunt deze tot { $until } retourneren.
returns-expired = Bestelling { $order } is bezorgd op { $date }; de retourtermijn van { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    } is verlopen op { $until }. Als het artikel defect is, kan een medewerker uw situatie toch nog bekijken.
returns-policy = De details uit het retourbeleid van { $shop }:

## Complaints

complaint = Het spijt me dat u hier last van hebt. Ik wil dit graag rechtzetten: kunt u mij uw bestelnummer geven en vertellen wat er mis is gegaan?

## Hand-off to a person

handoff = Ik verbind u door met een lid van ons team. Een medewerker reageert meestal binnen { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    }.
handoff-closed = Ik verbind u door met een lid van ons team. We zijn nu gesloten; een medewerker reageert nadat we { $day ->
        [mon] maandag
        [tue] dinsdag
        [wed] woensdag
        [thu] donderdag
        [fri] vrijdag
        [sat] zaterdag
       *[sun] zondag
    } om { $time } ({ $timezone }) weer opengaan.

## Labels for facts quoted from the shop's data

label-price = Prijs

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Dit staat er in de productbeschrijving:
price-intro = Dit zijn de prijzen uit onze catalogus:
catalogue-yes = Ja, dat hebben we:
availability-yes = Ja, dat hebben we:
availability-sold-out = Sorry, dat is op dit moment uitverkocht:
availability-none = Sorry, die optie bieden we niet aan.
stock-in = op voorraad
stock-out = uitverkocht
catalogue-none = Sorry, dat kan ik niet vinden in onze catalogus.
