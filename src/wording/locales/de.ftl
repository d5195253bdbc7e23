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
order-return-requested = Für die Bestellung { $order } läuft eine Rücksendung: Die Erstattung folgt, sobald der Shop die Artikel erhalten hat.
order-exchange-requested = Für die Bestellung { $order } läuft ein Umtausch.
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
attribute-nearest-intro = Das steht in der Produktbeschreibung und beantwortet vielleicht Ihre Frage:
price-intro = Hier sind die Preise aus unserem Katalog:
catalogue-yes = Ja, das haben wir:
availability-yes = Ja, das haben wir:
availability-sold-out = Leider ist das gerade ausverkauft:
availability-none = Leider bieten wir diese Variante nicht an.
stock-in = auf Lager
stock-out = ausverkauft
catalogue-none = Das finde ich leider nicht in unserem Katalog.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Wie lautet die neue Lieferadresse für die Bestellung { $order }? Bitte schreiben Sie Straße und Hausnummer, Postleitzahl, Ort und Land in eine Nachricht.
action-ask-address-again = Das konnte ich nicht als vollständige Adresse erkennen. Bitte geben Sie Straße und Hausnummer, Postleitzahl, Ort und Land an, zum Beispiel: Hauptstraße 12, 10115 Berlin, Deutschland.
action-ask-option = Welche { $option } möchten Sie für { $item } stattdessen? Verfügbar: { $choices }.
action-ask-items = Welche Artikel der Bestellung { $order } möchten Sie zurücksenden? Antworten Sie mit ihren Nummern oder „alle“:
action-propose-cancel = Ich kann die Bestellung { $order } stornieren:
action-propose-address = Ich kann die Lieferadresse der Bestellung { $order } ändern auf:
action-propose-return = Ich kann eine Rücksendung dieser Artikel aus der Bestellung { $order } veranlassen:
action-propose-exchange = Ich kann in der Bestellung { $order } Folgendes umtauschen:
action-refund = Die Erstattung von { $amount } { $currency } erfolgt auf die Zahlungsmethode, die Sie verwendet haben.
action-return-refund = Sobald der Shop die Artikel erhalten hat, werden { $amount } { $currency } auf die Zahlungsmethode erstattet, die Sie verwendet haben.
action-price-more = Der neue Artikel kostet { $amount } { $currency } mehr.
action-price-less = Der neue Artikel kostet { $amount } { $currency } weniger; die Differenz wird auf die Zahlungsmethode erstattet, die Sie verwendet haben.
action-price-same = Der Preis bleibt gleich.
action-confirm = Soll ich das so veranlassen? Bitte antworten Sie mit Ja oder Nein.
action-declined = In Ordnung, an der Bestellung { $order } wurde nichts geändert.
action-done-cancel = Erledigt: Die Bestellung { $order } ist storniert.
action-done-address = Erledigt: Die Bestellung { $order } wird an die neue Adresse geliefert.
action-done-return = Erledigt: Die Rücksendung der Bestellung { $order } ist registriert. Bitte senden Sie die Artikel so zurück, wie es die Rückgabebedingungen des Shops vorsehen; die Erstattung folgt, sobald sie angekommen sind.
action-done-exchange = Erledigt: Der Umtausch für die Bestellung { $order } ist registriert. Bitte senden Sie den Artikel so zurück, wie es die Rückgabebedingungen des Shops vorsehen; der neue Artikel wird verschickt, sobald er angekommen ist.
action-with-shop = Ihre Anfrage zur Bestellung { $order } liegt jetzt beim Team des Shops; die Antwort erhalten Sie hier.
action-rejected = Das Team des Shops hat Ihre Anfrage zur Bestellung { $order } nicht genehmigt, daher wurde nichts geändert.
action-expired = Ihre Anfrage zur Bestellung { $order } wurde nicht rechtzeitig bearbeitet, daher wurde nichts geändert. Bitte schreiben Sie uns erneut, falls Sie es weiterhin wünschen.
action-failed = Das System des Shops hat die Änderung an der Bestellung { $order } nicht angenommen: { $error }. Jemand aus unserem Team kümmert sich ab hier darum.
action-unreachable = Das System des Shops war nicht erreichbar, daher ist für die Bestellung { $order } noch nichts bestätigt. Jemand aus unserem Team kümmert sich ab hier darum.
action-refused-cancel-shipped = Die Bestellung { $order } wurde bereits versendet und kann daher nicht mehr storniert werden. Nach der Zustellung können Sie sie zurücksenden.
action-refused-address-shipped = Die Bestellung { $order } wurde bereits versendet, daher kann die Lieferadresse nicht mehr geändert werden.
action-refused-cancelled = Die Bestellung { $order } ist storniert: Es gibt nichts mehr zu ändern.
action-refused-under-way = Für die Bestellung { $order } läuft bereits eine Rücksendung oder ein Umtausch.
action-refused-not-delivered = Die Bestellung { $order } wurde noch nicht zugestellt: Artikel können nach der Zustellung zurückgesendet oder umgetauscht werden.
action-refused-window = Die { $days }-tägige Rückgabefrist der Bestellung { $order } ist am { $until } abgelaufen, daher ist keine Rücksendung und kein Umtausch mehr möglich.
action-refused-not-returnable = { $item } ist laut den Bedingungen des Shops von Rückgabe und Umtausch ausgeschlossen.
action-refused-unavailable = { $item } in { $value } ist derzeit nicht verfügbar.
action-refused-no-variant = { $item } gibt es nicht in { $value }. Verfügbar: { $choices }.
action-refused-not-allowed = Diese Änderung kann hier nicht vorgenommen werden.
action-on-platform = Auf { $platform } nehmen Sie diese Änderung selbst vor: Öffnen Sie die Bestellung in Ihrer { $platform }-App oder Ihrem Konto und wählen Sie dort die Option. Wird sie nicht angeboten, schreiben Sie uns hier, und jemand aus dem Team hilft Ihnen.
