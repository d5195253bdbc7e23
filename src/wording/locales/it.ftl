# kefu's replies in Italian (italiano), Lei.

# Reference and variables: en.ftl

## Small talk

greeting = Salve! Le diamo il benvenuto da { $shop }. Come posso aiutarla oggi?
thanks = Prego! Posso aiutarla in qualcos'altro?
out-of-scope = Posso aiutarla solo per ordini, spedizioni, resi e prodotti di { $shop }. Cosa posso fare per lei?

## Answers quoted from the shop's own pages

from-shop = Ecco cosa indica { $shop }:
not-sure = Non so se posso rispondere correttamente a questa domanda.

## Asking for what is missing

ask-order-id = Potrebbe indicarmi il numero d'ordine? Lo trova nella conferma d'ordine.
ask-country = In quale paese va spedito l'ordine?
ask-photo = Ci dispiace molto! La preghiamo di inviarci una foto dell'articolo e della confezione, insieme al numero d'ordine, così il nostro team potrà risolvere il problema.
order-not-found = Non trovo l'ordine { $order } presso { $shop }. Potrebbe controllare il numero? Lo trova nella conferma d'ordine.
order-verify = Per proteggere il tuo ordine: qual è l'indirizzo e-mail, il numero di telefono o il CAP dell'ordine { $order }?
order-verify-mismatch = Non corrisponde all'ordine { $order }. Indica l'indirizzo e-mail, il numero di telefono o il CAP usati per l'ordine.

## Order status

order-pending = L'ordine { $order } è stato effettuato ed è in attesa di pagamento o di conferma.
order-processing = L'ordine { $order } è in preparazione e non è ancora stato spedito.
order-shipped = L'ordine { $order } è stato spedito con { $carrier }. Numero di tracciamento: { $tracking }.
order-shipped-untracked = L'ordine { $order } è stato spedito con { $carrier }.
order-delivered = L'ordine { $order } è stato consegnato il { $date }.
order-cancelled = L'ordine { $order } è stato annullato.
order-returned = L'ordine { $order } è stato reso.
order-return-requested = Il reso dell'ordine { $order } è in corso: il rimborso seguirà non appena il negozio avrà ricevuto gli articoli.
order-exchange-requested = Il cambio per l'ordine { $order } è in corso.
order-eta = Consegna prevista: tra il { $from } e il { $to }.
order-eta-passed = Il periodo di consegna previsto (dal { $from } al { $to }) è trascorso. Se il pacco non arriva entro qualche giorno, ci scriva e verificheremo la situazione con il corriere.
order-last-update = Ultimo aggiornamento del tracciamento: { $date }.
order-track = Può seguire la spedizione qui: { $url }
order-not-received = Se il tracciamento indica che il pacco è stato consegnato ma lei non l'ha ricevuto, chieda ai vicini e all'ufficio postale della sua zona; se non si trova ancora, risponda qui e una persona del nostro team aprirà un'indagine presso il corriere.

## Shipping

shipping-intro = Spedizioni da { $shop } con destinazione { $country }:
shipping-intro-other = Spedizioni da { $shop } con destinazione { $country } (le opzioni del negozio per tutte le altre destinazioni):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } giorni
shipping-none = Purtroppo al momento { $shop } non effettua spedizioni con destinazione { $country }.

## Returns

returns-window = Può restituire gli articoli entro { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    } dalla consegna.
returns-until = L'ordine { $order } è stato consegnato il { $date }, quindi può restituirlo fino al { $until }.
returns-expired = L'ordine { $order } è stato consegnato il { $date }; il periodo di reso di { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    } è terminato il { $until }. Se l'articolo è difettoso, una persona del nostro team può comunque esaminare il suo caso.
returns-policy = I dettagli della politica di reso di { $shop }:

## Complaints

complaint = Mi scuso per il disagio. Vorrei rimediare: potrebbe indicarmi il numero d'ordine e cosa è andato storto?

## Hand-off to a person

handoff = La metto in contatto con un membro del nostro team. Una persona le risponderà, di solito entro { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.
handoff-closed = La metto in contatto con un membro del nostro team. Al momento siamo chiusi; una persona le risponderà dopo la riapertura di { $day ->
        [mon] lunedì
        [tue] martedì
        [wed] mercoledì
        [thu] giovedì
        [fri] venerdì
        [sat] sabato
       *[sun] domenica
    } alle { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Prezzo

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Ecco cosa dice la scheda del prodotto:
attribute-nearest-intro = Ecco cosa dice la scheda del prodotto che può rispondere alla sua domanda:
price-intro = Ecco i prezzi del nostro catalogo:
catalogue-yes = Sì, ce l'abbiamo:
availability-yes = Sì, ce l'abbiamo:
availability-sold-out = Spiacenti, al momento è esaurito:
availability-none = Spiacenti, non offriamo questa opzione.
stock-in = disponibile
stock-out = esaurito
catalogue-none = Spiacenti, non lo trovo nel nostro catalogo.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Qual è il nuovo indirizzo di consegna per l'ordine { $order }? Scriva via e numero civico, città, CAP e paese in un unico messaggio.
action-ask-address-again = Non riesco a riconoscerlo come un indirizzo completo. Scriva via e numero civico, città, CAP e paese, ad esempio: Via Roma 12, 20121 Milano, Italia.
action-ask-option = Quale { $option } desidera invece per { $item }? Disponibili: { $choices }.
action-ask-items = Quali articoli dell'ordine { $order } desideri restituire? Rispondi con i loro numeri, oppure «tutti»:
action-propose-cancel = Posso annullare l'ordine { $order }:
action-propose-address = Posso cambiare l'indirizzo di consegna dell'ordine { $order } in:
action-propose-return = Posso avviare il reso di questi articoli dell'ordine { $order }:
action-propose-exchange = Posso effettuare questo cambio nell'ordine { $order }:
action-refund = Il rimborso di { $amount } { $currency } verrà effettuato sul metodo di pagamento che ha utilizzato.
action-return-refund = Quando il negozio avrà ricevuto gli articoli, le verranno rimborsati { $amount } { $currency } sul metodo di pagamento che ha utilizzato.
action-price-more = Il nuovo articolo costa { $amount } { $currency } in più.
action-price-less = Il nuovo articolo costa { $amount } { $currency } in meno; la differenza le verrà rimborsata sul metodo di pagamento che ha utilizzato.
action-price-same = Il prezzo resta invariato.
action-confirm = Procedo? Risponda sì o no, per favore.
action-declined = Va bene, non è stato modificato nulla nell'ordine { $order }.
action-done-cancel = Fatto: l'ordine { $order } è stato annullato.
action-done-address = Fatto: l'ordine { $order } verrà consegnato al nuovo indirizzo.
action-done-return = Fatto: il reso dell'ordine { $order } è stato registrato. Rispedisca gli articoli come indicato nella politica di reso del negozio; il rimborso seguirà al loro arrivo.
action-done-exchange = Fatto: il cambio per l'ordine { $order } è stato registrato. Rispedisca l'articolo come indicato nella politica di reso del negozio; il nuovo articolo verrà spedito al suo arrivo.
action-with-shop = La sua richiesta per l'ordine { $order } è ora in mano al team del negozio; riceverà la risposta qui.
action-rejected = Il team del negozio non ha approvato la sua richiesta per l'ordine { $order }, quindi non è stato modificato nulla.
action-expired = La sua richiesta per l'ordine { $order } non è stata gestita in tempo, quindi non è stato modificato nulla. Se le serve ancora, ci scriva di nuovo.
action-failed = Il sistema del negozio non ha accettato la modifica dell'ordine { $order }: { $error }. Da qui in poi se ne occuperà una persona del team.
action-unreachable = Non è stato possibile contattare il sistema del negozio, quindi per l'ordine { $order } non è ancora confermato nulla. Da qui in poi se ne occuperà una persona del team.
action-refused-cancel-shipped = L'ordine { $order } è già stato spedito, quindi non può più essere annullato. Una volta arrivato, potrà restituirlo.
action-refused-address-shipped = L'ordine { $order } è già stato spedito, quindi il suo indirizzo di consegna non può più essere modificato.
action-refused-cancelled = L'ordine { $order } è annullato: non c'è più nulla da modificare.
action-refused-under-way = Per l'ordine { $order } è già in corso un reso o un cambio.
action-refused-not-delivered = L'ordine { $order } non è ancora stato consegnato: gli articoli potranno essere resi o cambiati dopo l'arrivo.
action-refused-window = Il periodo di reso di { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    } dell'ordine { $order } è terminato il { $until }, quindi non è più possibile restituirlo o cambiarlo.
action-refused-not-returnable = Secondo la politica del negozio, l'articolo { $item } non può essere reso né cambiato.
action-refused-unavailable = L'articolo { $item } in { $value } al momento non è disponibile.
action-refused-no-variant = L'articolo { $item } non esiste in { $value }. Disponibili: { $choices }.
action-refused-not-allowed = Questa modifica non può essere effettuata qui.
action-on-platform = Su { $platform } questa modifica la fai tu: apri l'ordine nell'app o nell'account { $platform } e scegli l'opzione lì. Se non è disponibile, scrivici qui e una persona del team ti aiuterà.
