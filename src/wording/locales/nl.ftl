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
order-return-requested = Er loopt een retour voor bestelling { $order }: de terugbetaling volgt zodra de winkel de artikelen heeft ontvangen.
order-exchange-requested = Er loopt een ruiling voor bestelling { $order }.
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
attribute-nearest-intro = Dit staat er in de productbeschrijving en beantwoordt misschien je vraag:
price-intro = Dit zijn de prijzen uit onze catalogus:
catalogue-yes = Ja, dat hebben we:
availability-yes = Ja, dat hebben we:
availability-sold-out = Sorry, dat is op dit moment uitverkocht:
availability-none = Sorry, die optie bieden we niet aan.
stock-in = op voorraad
stock-out = uitverkocht
catalogue-none = Sorry, dat kan ik niet vinden in onze catalogus.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Wat is het nieuwe bezorgadres voor bestelling { $order }? Vermeld straat en huisnummer, plaats, postcode en land in één bericht.
action-ask-address-again = Ik kon dat niet als een volledig adres herkennen. Vermeld straat en huisnummer, plaats, postcode en land, bijvoorbeeld: Damstraat 12, 1012 JM Amsterdam, Nederland.
action-ask-option = Welke { $option } wilt u in plaats daarvan voor { $item }? Beschikbaar: { $choices }.
action-ask-items = Welke artikelen van bestelling { $order } wilt u terugsturen? Antwoord met hun nummers, of "alles":
action-propose-cancel = Ik kan bestelling { $order } annuleren:
action-propose-address = Ik kan het bezorgadres van bestelling { $order } wijzigen in:
action-propose-return = Ik kan een retour starten voor deze artikelen uit bestelling { $order }:
action-propose-exchange = Ik kan het volgende ruilen in bestelling { $order }:
action-refund = Het bedrag van { $amount } { $currency } wordt teruggestort via de betaalmethode die u hebt gebruikt.
action-return-refund = Zodra de winkel de artikelen heeft ontvangen, wordt { $amount } { $currency } teruggestort via de betaalmethode die u hebt gebruikt.
action-price-more = Het nieuwe artikel kost { $amount } { $currency } meer.
action-price-less = Het nieuwe artikel kost { $amount } { $currency } minder; het verschil wordt teruggestort via de betaalmethode die u hebt gebruikt.
action-price-same = De prijs blijft gelijk.
action-confirm = Zal ik het doorvoeren? Antwoord alstublieft met ja of nee.
action-declined = Prima, er is niets gewijzigd aan bestelling { $order }.
action-done-cancel = Gedaan: bestelling { $order } is geannuleerd.
action-done-address = Gedaan: bestelling { $order } wordt op het nieuwe adres bezorgd.
action-done-return = Gedaan: de retour van bestelling { $order } is geregistreerd. Stuur de artikelen terug zoals het retourbeleid van de winkel aangeeft; de terugbetaling volgt zodra ze zijn aangekomen.
action-done-exchange = Gedaan: de ruiling voor bestelling { $order } is geregistreerd. Stuur het artikel terug zoals het retourbeleid van de winkel aangeeft; het nieuwe artikel wordt verzonden zodra het is aangekomen.
action-with-shop = Uw verzoek voor bestelling { $order } ligt nu bij het team van de winkel; u krijgt hun antwoord hier.
action-rejected = Het team van de winkel heeft uw verzoek voor bestelling { $order } niet goedgekeurd, dus er is niets gewijzigd.
action-expired = Uw verzoek voor bestelling { $order } is niet op tijd afgehandeld, dus er is niets gewijzigd. Stuur ons gerust opnieuw een bericht als u het nog steeds wilt.
action-failed = Het systeem van de winkel heeft de wijziging van bestelling { $order } niet geaccepteerd: { $error }. Een medewerker neemt het vanaf hier over.
action-unreachable = Het systeem van de winkel was niet bereikbaar, dus er is nog niets bevestigd voor bestelling { $order }. Een medewerker neemt het vanaf hier over.
action-refused-cancel-shipped = Bestelling { $order } is al verzonden en kan daarom niet meer worden geannuleerd. Zodra de bestelling is aangekomen, kunt u deze retourneren.
action-refused-address-shipped = Bestelling { $order } is al verzonden, dus het bezorgadres kan niet meer worden gewijzigd.
action-refused-cancelled = Bestelling { $order } is geannuleerd: er valt niets meer te wijzigen.
action-refused-under-way = Voor bestelling { $order } loopt al een retour of ruiling.
action-refused-not-delivered = Bestelling { $order } is nog niet bezorgd: artikelen kunnen worden geretourneerd of geruild zodra ze zijn aangekomen.
action-refused-window = De retourtermijn van { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    } voor bestelling { $order } is verlopen op { $until }, dus retourneren of ruilen is niet meer mogelijk.
action-refused-not-returnable = { $item } kan volgens het beleid van de winkel niet worden geretourneerd of geruild.
action-refused-unavailable = { $item } in { $value } is op dit moment niet beschikbaar.
action-refused-no-variant = { $item } is niet verkrijgbaar in { $value }. Beschikbaar: { $choices }.
action-refused-not-allowed = Deze wijziging kan hier niet worden doorgevoerd.
action-on-platform = Op { $platform } doet u deze wijziging zelf: open de bestelling in uw { $platform }-app of -account en kies daar de optie. Staat die er niet bij, schrijf ons dan hier en iemand van het team helpt u.
