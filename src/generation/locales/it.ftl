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
price-intro = Ecco i prezzi del nostro catalogo:
catalogue-yes = Sì, ce l'abbiamo:
availability-yes = Sì, ce l'abbiamo:
availability-sold-out = Spiacenti, al momento è esaurito:
availability-none = Spiacenti, non offriamo questa opzione.
stock-in = disponibile
stock-out = esaurito
catalogue-none = Spiacenti, non lo trovo nel nostro catalogo.
