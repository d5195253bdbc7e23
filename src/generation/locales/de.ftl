# kefu's replies in German (Deutsch), Sie.

# Reference and variables: en.ftl

## Small talk

greeting = Hallo! Willkommen bei { $shop }. Wie kann ich Ihnen heute helfen?
thanks = Gern geschehen! Kann ich Ihnen sonst noch weiterhelfen?
out-of-scope = Ich kann Ihnen nur bei Bestellungen, Versand, Rücksendungen und Produkten von { $shop } helfen. Was kann ich für Sie tun?

## Answers quoted from the shop's own pages

from-shop = Das schreibt { $shop } dazu:
not-sure = Ich bin mir nicht sicher, ob ich das korrekt beantworten kann.

## Asking for what is missing

ask-order-id = Könnten Sie mir Ihre Bestellnummer nennen? Sie finden sie in Ihrer Bestellbestätigung.
ask-country = In welches Land soll die Bestellung geliefert werden?
ask-photo = Das tut mir leid! Bitte senden Sie uns ein Foto des Artikels und der Verpackung zusammen mit Ihrer Bestellnummer, damit sich unser Team darum kümmern kann.
order-not-found = Ich kann die Bestellung { $order } bei { $shop } nicht finden. Könnten Sie die Nummer bitte überprüfen? Sie steht in Ihrer Bestellbestätigung.
order-verify = Zum Schutz Ihrer Bestellung: Welche E-Mail-Adresse, Telefonnummer oder Postleitzahl steht in Bestellung { $order }?
order-verify-mismatch = Das passt nicht zu Bestellung { $order }. Bitte nennen Sie die E-Mail-Adresse, Telefonnummer oder Postleitzahl der Bestellung.

## Order status

order-pending = Die Bestellung { $order } wurde aufgegeben und wartet auf Zahlung oder Bestätigung.
order-processing = Die Bestellung { $order } wird gerade vorbereitet und wurde noch nicht versendet.
order-shipped = Die Bestellung { $order } wurde mit { $carrier } versendet. Sendungsnummer: { $tracking }.
order-shipped-untracked = Die Bestellung { $order } wurde mit { $carrier } versendet.
order-delivered = Die Bestellung { $order } wurde am { $date } zugestellt.
order-cancelled = Die Bestellung { $order } wurde storniert.
order-returned = Die Bestellung { $order } wurde zurückgesendet.
order-eta = Voraussichtliche Lieferung: zwischen { $from } und { $to }.
order-eta-passed = Der voraussichtliche Lieferzeitraum ({ $from } bis { $to }) ist überschritten. Falls Ihre Sendung in ein paar Tagen noch nicht angekommen ist, schreiben Sie uns bitte, dann gehen wir der Sache gemeinsam mit dem Versanddienstleister nach.
order-last-update = Letzte Aktualisierung der Sendungsverfolgung: { $date }.
order-track = Hier können Sie die Sendung verfolgen: { $url }
order-not-received = Wenn die Sendungsverfolgung „zugestellt“ anzeigt, Sie das Paket aber nicht erhalten haben, fragen Sie bitte bei Ihren Nachbarn und Ihrer örtlichen Postfiliale nach; falls es weiterhin fehlt, antworten Sie hier, und jemand aus unserem Team leitet beim Versanddienstleister einen Nachforschungsauftrag ein.

## Shipping

shipping-intro = Versand von { $shop } (Zielland: { $country }):
shipping-intro-other = Versand von { $shop } (Zielland: { $country }; die Optionen des Shops für alle übrigen Ziele):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } Tage
shipping-none = Leider versendet { $shop } derzeit nicht in das Zielland { $country }.

## Returns

returns-window = Sie können Artikel innerhalb von { $days ->
        [one] { $days } Tag
       *[other] { $days } Tagen
    } nach der Zustellung zurücksenden.
returns-until = Die Bestellung { $order } wurde am { $date } zugestellt, Sie können sie also bis zum { $until } zurücksenden.
returns-expired = Die Bestellung { $order } wurde am { $date } zugestellt; die { $days }-tägige Rückgabefrist ist am { $until } abgelaufen. Wenn der Artikel defekt ist, kann sich trotzdem jemand aus unserem Team Ihren Fall ansehen.
returns-policy = Die Details aus den Rückgabebedingungen von { $shop }:

## Complaints

complaint = Das tut mir leid. Ich möchte das wieder in Ordnung bringen: Könnten Sie mir Ihre Bestellnummer nennen und beschreiben, was schiefgelaufen ist?

## Hand-off to a person

handoff = Ich leite Sie an ein Mitglied unseres Teams weiter. Jemand aus dem Team antwortet Ihnen in der Regel innerhalb von { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    }.
handoff-closed = Ich leite Sie an ein Mitglied unseres Teams weiter. Wir haben derzeit geschlossen; jemand aus dem Team antwortet Ihnen nach unserer Öffnung { $day ->
        [mon] am Montag
        [tue] am Dienstag
        [wed] am Mittwoch
        [thu] am Donnerstag
        [fri] am Freitag
        [sat] am Samstag
       *[sun] am Sonntag
    } um { $time } Uhr ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Preis

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Das steht in der Produktbeschreibung:
price-intro = Hier sind die Preise aus unserem Katalog:
catalogue-yes = Ja, das haben wir:
availability-yes = Ja, das haben wir:
availability-sold-out = Leider ist das gerade ausverkauft:
availability-none = Leider bieten wir diese Variante nicht an.
stock-in = auf Lager
stock-out = ausverkauft
catalogue-none = Das finde ich leider nicht in unserem Katalog.
