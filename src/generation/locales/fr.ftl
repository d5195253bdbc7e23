# kefu's replies in French (français), vous.

# Reference and variables: en.ftl

## Small talk

greeting = Bonjour ! Bienvenue chez { $shop }. Comment puis-je vous aider aujourd'hui ?
thanks = Avec plaisir ! Puis-je vous aider pour autre chose ?
out-of-scope = Je peux uniquement vous aider pour les commandes, la livraison, les retours et les produits de la boutique { $shop }. Que puis-je faire pour vous ?

## Answers quoted from the shop's own pages

from-shop = Voici ce qu'indique la boutique { $shop } :
not-sure = Je ne sais pas si je peux répondre correctement à cette question.

## Asking for what is missing

ask-order-id = Pourriez-vous m'indiquer votre numéro de commande ? Vous le trouverez dans votre confirmation de commande.
ask-country = Dans quel pays la commande doit-elle être livrée ?
ask-photo = Nous sommes désolés de l'apprendre ! Merci de nous envoyer une photo de l'article et de son emballage, avec votre numéro de commande, afin que notre équipe puisse régler le problème.
order-not-found = Je ne trouve pas la commande { $order } chez { $shop }. Pourriez-vous vérifier le numéro ? Il figure dans votre confirmation de commande.
order-verify = Pour protéger votre commande : quelle est l'adresse e-mail, le numéro de téléphone ou le code postal de la commande { $order } ?
order-verify-mismatch = Cela ne correspond pas à la commande { $order }. Indiquez l'adresse e-mail, le numéro de téléphone ou le code postal utilisés pour la commande.

## Order status

order-pending = La commande { $order } a bien été passée et est en attente de paiement ou de confirmation.
order-processing = La commande { $order } est en cours de préparation et n'a pas encore été expédiée.
order-shipped = La commande { $order } a été expédiée via { $carrier }. Numéro de suivi : { $tracking }.
order-shipped-untracked = La commande { $order } a été expédiée via { $carrier }.
order-delivered = La commande { $order } a été livrée le { $date }.
order-cancelled = La commande { $order } a été annulée.
order-returned = La commande { $order } a été retournée.
order-eta = Livraison prévue : entre le { $from } et le { $to }.
order-eta-passed = La période de livraison prévue (du { $from } au { $to }) est dépassée. Si votre colis n'est toujours pas arrivé d'ici quelques jours, écrivez-nous et nous mènerons l'enquête auprès du transporteur.
order-last-update = Dernière mise à jour du suivi : { $date }.
order-track = Vous pouvez suivre votre colis ici : { $url }
order-not-received = Si le suivi indique que le colis a été livré mais que vous ne l'avez pas reçu, renseignez-vous auprès de vos voisins et de votre bureau de poste ; s'il reste introuvable, répondez ici et une personne de notre équipe ouvrira une enquête auprès du transporteur.

## Shipping

shipping-intro = Livraison depuis la boutique { $shop } (destination : { $country }) :
shipping-intro-other = Livraison depuis la boutique { $shop } (destination : { $country } ; options de la boutique pour toutes les autres destinations) :
shipping-option = { $carrier } ({ $service }) : { $cost } { $currency }, { $min }–{ $max } jours
shipping-none = Malheureusement, la boutique { $shop } ne livre pas pour le moment dans ce pays : { $country }.

## Returns

returns-window = Vous pouvez retourner vos articles dans un délai de { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } après la livraison.
returns-until = La commande { $order } a été livrée le { $date } : vous pouvez donc la retourner jusqu'au { $until }.
returns-expired = La commande { $order } a été livrée le { $date } ; le délai de retour de { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } a pris fin le { $until }. Si l'article est défectueux, une personne de notre équipe peut tout de même examiner votre dossier.
returns-policy = Les détails de la politique de retour de la boutique { $shop } :

## Complaints

complaint = Toutes nos excuses pour ce désagrément. Je souhaite arranger les choses : pourriez-vous m'indiquer votre numéro de commande et ce qui s'est mal passé ?

## Hand-off to a person

handoff = Je vous mets en relation avec un membre de notre équipe. Une personne vous répondra, généralement sous { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
handoff-closed = Je vous mets en relation avec un membre de notre équipe. Nous sommes actuellement fermés ; une personne vous répondra après notre ouverture { $day ->
        [mon] lundi
        [tue] mardi
        [wed] mercredi
        [thu] jeudi
        [fri] vendredi
        [sat] samedi
       *[sun] dimanche
    } à { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Prix

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Voici ce qu'indique la fiche produit :
price-intro = Voici les prix de notre catalogue :
catalogue-yes = Oui, nous l'avons :
availability-yes = Oui, nous l'avons :
availability-sold-out = Désolé, c'est épuisé pour le moment :
availability-none = Désolé, nous ne proposons pas cette option.
stock-in = en stock
stock-out = épuisé
catalogue-none = Désolé, je ne trouve pas cela dans notre catalogue.
