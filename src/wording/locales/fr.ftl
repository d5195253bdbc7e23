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
order-return-requested = Un retour de la commande { $order } est en cours : le remboursement suivra dès que la boutique aura reçu les articles.
order-exchange-requested = Un échange pour la commande { $order } est en cours.
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
attribute-nearest-intro = Voici ce qu'indique la fiche produit et qui peut répondre à votre question :
price-intro = Voici les prix de notre catalogue :
catalogue-yes = Oui, nous l'avons :
availability-yes = Oui, nous l'avons :
availability-sold-out = Désolé, c'est épuisé pour le moment :
availability-none = Désolé, nous ne proposons pas cette option.
stock-in = en stock
stock-out = épuisé
catalogue-none = Désolé, je ne trouve pas cela dans notre catalogue.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Quelle est la nouvelle adresse de livraison pour la commande { $order } ? Merci d'indiquer le numéro et la rue, la ville, le code postal et le pays dans un seul message.
action-ask-address-again = Je n'ai pas pu reconnaître une adresse complète. Merci d'indiquer le numéro et la rue, la ville, le code postal et le pays, par exemple : 12 rue de la République, 69002 Lyon, France.
action-ask-option = Quelle { $option } souhaitez-vous à la place pour { $item } ? Disponibles : { $choices }.
action-ask-items = Quels articles de la commande { $order } souhaitez-vous retourner ? Répondez avec leurs numéros, ou « tous » :
action-propose-cancel = Je peux annuler la commande { $order } :
action-propose-address = Je peux remplacer l'adresse de livraison de la commande { $order } par :
action-propose-return = Je peux lancer le retour de ces articles de la commande { $order } :
action-propose-exchange = Je peux effectuer cet échange dans la commande { $order } :
action-refund = Le remboursement de { $amount } { $currency } sera effectué sur le moyen de paiement que vous avez utilisé.
action-return-refund = Dès que la boutique aura reçu les articles, { $amount } { $currency } vous seront remboursés sur le moyen de paiement que vous avez utilisé.
action-price-more = Le nouvel article coûte { $amount } { $currency } de plus.
action-price-less = Le nouvel article coûte { $amount } { $currency } de moins ; la différence vous sera remboursée sur le moyen de paiement que vous avez utilisé.
action-price-same = Le prix reste le même.
action-confirm = Voulez-vous que je procède ? Merci de répondre par oui ou par non.
action-declined = Très bien, rien n'a été modifié sur la commande { $order }.
action-done-cancel = C'est fait : la commande { $order } est annulée.
action-done-address = C'est fait : la commande { $order } sera livrée à la nouvelle adresse.
action-done-return = C'est fait : le retour de la commande { $order } est enregistré. Merci de renvoyer les articles comme l'indique la politique de retour de la boutique ; le remboursement suivra à leur réception.
action-done-exchange = C'est fait : l'échange pour la commande { $order } est enregistré. Merci de renvoyer l'article comme l'indique la politique de retour de la boutique ; le nouvel article sera expédié à sa réception.
action-with-shop = Votre demande concernant la commande { $order } est maintenant entre les mains de l'équipe de la boutique ; vous recevrez sa réponse ici.
action-rejected = L'équipe de la boutique n'a pas accepté votre demande concernant la commande { $order } : rien n'a donc été modifié.
action-expired = Votre demande concernant la commande { $order } n'a pas été traitée à temps : rien n'a donc été modifié. N'hésitez pas à nous réécrire si vous le souhaitez toujours.
action-failed = Le système de la boutique n'a pas accepté la modification de la commande { $order } : { $error }. Une personne de l'équipe prend le relais.
action-unreachable = Le système de la boutique est injoignable : rien n'est donc encore confirmé pour la commande { $order }. Une personne de l'équipe prend le relais.
action-refused-cancel-shipped = La commande { $order } a déjà été expédiée : elle ne peut plus être annulée. Une fois reçue, vous pourrez la retourner.
action-refused-address-shipped = La commande { $order } a déjà été expédiée : son adresse de livraison ne peut plus être modifiée.
action-refused-cancelled = La commande { $order } est annulée : il n'y a plus rien à modifier.
action-refused-under-way = La commande { $order } fait déjà l'objet d'un retour ou d'un échange en cours.
action-refused-not-delivered = La commande { $order } n'a pas encore été livrée : les articles pourront être retournés ou échangés après leur réception.
action-refused-window = Le délai de retour de { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } de la commande { $order } a pris fin le { $until } : elle ne peut plus être retournée ni échangée.
action-refused-not-returnable = Selon la politique de la boutique, l'article { $item } ne peut être ni retourné ni échangé.
action-refused-unavailable = L'article { $item } en { $value } n'est pas disponible pour le moment.
action-refused-no-variant = L'article { $item } n'existe pas en { $value }. Disponibles : { $choices }.
action-refused-not-allowed = Cette modification ne peut pas être effectuée ici.
action-on-platform = Sur { $platform }, vous effectuez ce changement vous-même : ouvrez la commande dans votre application ou votre compte { $platform } et choisissez l'option. Si elle n'est pas proposée, écrivez-nous ici et une personne de l'équipe vous aidera.
