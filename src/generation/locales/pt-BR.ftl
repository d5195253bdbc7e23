# kefu's replies in Brazilian Portuguese (português do Brasil), você.

# Reference and variables: en.ftl

## Small talk

greeting = Olá! Boas-vindas à loja { $shop }. Como posso ajudar você hoje?
thanks = Por nada! Posso ajudar com mais alguma coisa?
out-of-scope = Só consigo ajudar com pedidos, envios, devoluções e produtos da loja { $shop }. Como posso ajudar você?

## Answers quoted from the shop's own pages

from-shop = Veja o que a loja { $shop } informa:
not-sure = Não tenho certeza se consigo responder isso corretamente.

## Asking for what is missing

ask-order-id = Você pode me informar o número do seu pedido? Ele está na confirmação do pedido.
ask-country = Para qual país o pedido deve ser enviado?
ask-photo = Sinto muito por isso! Por favor, envie uma foto do produto e da embalagem, junto com o número do pedido, para que nossa equipe possa resolver.
order-not-found = Não encontrei o pedido { $order } na loja { $shop }. Você pode conferir o número? Ele está na confirmação do pedido.
order-verify = Para proteger seu pedido: qual é o e-mail, o telefone ou o CEP do pedido { $order }?
order-verify-mismatch = Isso não confere com o pedido { $order }. Informe o e-mail, o telefone ou o CEP usados no pedido.

## Order status

order-pending = O pedido { $order } foi realizado e está aguardando pagamento ou confirmação.
order-processing = O pedido { $order } está sendo preparado e ainda não foi enviado.
order-shipped = O pedido { $order } foi enviado pela transportadora { $carrier }. Código de rastreio: { $tracking }.
order-shipped-untracked = O pedido { $order } foi enviado pela transportadora { $carrier }.
order-delivered = O pedido { $order } foi entregue em { $date }.
order-cancelled = O pedido { $order } foi cancelado.
order-returned = O pedido { $order } foi devolvido.
order-eta = Previsão de entrega: entre { $from } e { $to }.
order-eta-passed = O prazo previsto de entrega ({ $from } a { $to }) já passou. Se o pedido não chegar em alguns dias, fale com a gente e vamos investigar junto à transportadora.
order-last-update = Última atualização do rastreio: { $date }.
order-track = Você pode acompanhar a entrega aqui: { $url }
order-not-received = Se o rastreio indica que o pedido foi entregue, mas você não o recebeu, confira com seus vizinhos e com a agência dos Correios da sua região; se ainda assim não aparecer, responda aqui e uma pessoa da nossa equipe vai abrir uma investigação com a transportadora.

## Shipping

shipping-intro = Envio da loja { $shop } (destino: { $country }):
shipping-intro-other = Envio da loja { $shop } (destino: { $country }; opções da loja para todos os outros destinos):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } dias
shipping-none = Sinto muito, no momento a loja { $shop } não envia para este país: { $country }.

## Returns

returns-window = Você pode devolver produtos em até { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    } após a entrega.
returns-until = O pedido { $order } foi entregue em { $date }, então você pode devolvê-lo até { $until }.
returns-expired = O pedido { $order } foi entregue em { $date }; o prazo de devolução de { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    } terminou em { $until }. Se o produto estiver com defeito, uma pessoa da nossa equipe ainda pode analisar o seu caso.
returns-policy = Os detalhes da política de devolução da loja { $shop }:

## Complaints

complaint = Sinto muito pelo transtorno. Quero resolver isso: você pode me informar o número do pedido e o que deu errado?

## Hand-off to a person

handoff = Vou transferir você para uma pessoa da nossa equipe. Alguém vai responder, geralmente em até { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
handoff-closed = Vou transferir você para uma pessoa da nossa equipe. No momento estamos fechados; alguém vai responder depois que abrirmos, { $day ->
        [mon] na segunda-feira
        [tue] na terça-feira
        [wed] na quarta-feira
        [thu] na quinta-feira
        [fri] na sexta-feira
        [sat] no sábado
       *[sun] no domingo
    }, às { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Preço

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Veja o que diz a página do produto:
price-intro = Estes são os preços do nosso catálogo:
catalogue-yes = Sim, temos:
availability-yes = Sim, temos:
availability-sold-out = Desculpe, no momento está esgotado:
availability-none = Desculpe, não oferecemos essa opção.
stock-in = em estoque
stock-out = esgotado
catalogue-none = Desculpe, não encontrei isso no nosso catálogo.
