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
order-return-requested = A devolução do pedido { $order } está em andamento: o reembolso será feito assim que a loja receber os produtos.
order-exchange-requested = A troca do pedido { $order } está em andamento.
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
attribute-nearest-intro = Veja o que a página do produto diz que pode responder à sua pergunta:
price-intro = Estes são os preços do nosso catálogo:
catalogue-yes = Sim, temos:
availability-yes = Sim, temos:
availability-sold-out = Desculpe, no momento está esgotado:
availability-none = Desculpe, não oferecemos essa opção.
stock-in = em estoque
stock-out = esgotado
catalogue-none = Desculpe, não encontrei isso no nosso catálogo.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = Qual é o novo endereço de entrega do pedido { $order }? Escreva a rua e o número, a cidade, o CEP e o país em uma única mensagem.
action-ask-address-again = Não consegui entender isso como um endereço completo. Escreva a rua e o número, a cidade, o CEP e o país, por exemplo: Rua Augusta, 1500, São Paulo, 01304-001, Brasil.
action-ask-option = Para { $item }, qual { $option } você quer no lugar? Disponíveis: { $choices }.
action-ask-items = Quais itens do pedido { $order } você quer devolver? Responda com os números, ou "todos":
action-propose-cancel = Posso cancelar o pedido { $order }:
action-propose-address = Posso alterar o endereço de entrega do pedido { $order } para:
action-propose-return = Posso iniciar a devolução destes produtos do pedido { $order }:
action-propose-exchange = Posso fazer esta troca no pedido { $order }:
action-refund = O reembolso de { $amount } { $currency } será feito na forma de pagamento que você usou.
action-return-refund = Assim que a loja receber os produtos, { $amount } { $currency } serão reembolsados na forma de pagamento que você usou.
action-price-more = O novo produto custa { $amount } { $currency } a mais.
action-price-less = O novo produto custa { $amount } { $currency } a menos; a diferença será reembolsada na forma de pagamento que você usou.
action-price-same = O preço continua o mesmo.
action-confirm = Posso seguir? Responda sim ou não, por favor.
action-declined = Tudo bem, nada foi alterado no pedido { $order }.
action-done-cancel = Pronto: o pedido { $order } foi cancelado.
action-done-address = Pronto: o pedido { $order } será entregue no novo endereço.
action-done-return = Pronto: a devolução do pedido { $order } foi registrada. Envie os produtos de volta conforme a política de devolução da loja; o reembolso será feito quando eles chegarem.
action-done-exchange = Pronto: a troca do pedido { $order } foi registrada. Envie o produto de volta conforme a política de devolução da loja; o novo será enviado quando ele chegar.
action-with-shop = Sua solicitação sobre o pedido { $order } agora está com a equipe da loja; você vai receber a resposta aqui.
action-rejected = A equipe da loja não aprovou sua solicitação sobre o pedido { $order }, então nada foi alterado.
action-expired = Sua solicitação sobre o pedido { $order } não foi atendida a tempo, então nada foi alterado. Escreva de novo se ainda quiser.
action-failed = O sistema da loja não aceitou a alteração no pedido { $order }: { $error }. Uma pessoa da equipe vai cuidar disso a partir daqui.
action-unreachable = Não foi possível acessar o sistema da loja, então ainda não há nada confirmado para o pedido { $order }. Uma pessoa da equipe vai cuidar disso a partir daqui.
action-refused-cancel-shipped = O pedido { $order } já foi enviado, então não pode mais ser cancelado. Quando ele chegar, você pode devolvê-lo.
action-refused-address-shipped = O pedido { $order } já foi enviado, então o endereço de entrega não pode mais ser alterado.
action-refused-cancelled = O pedido { $order } está cancelado: não há mais nada para alterar.
action-refused-under-way = O pedido { $order } já tem uma devolução ou troca em andamento.
action-refused-not-delivered = O pedido { $order } ainda não foi entregue: os produtos podem ser devolvidos ou trocados depois que chegarem.
action-refused-window = O prazo de devolução de { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    } do pedido { $order } terminou em { $until }, então ele não pode mais ser devolvido nem trocado.
action-refused-not-returnable = Pela política da loja, o produto { $item } não pode ser devolvido nem trocado.
action-refused-unavailable = O produto { $item } em { $value } não está disponível no momento.
action-refused-no-variant = O produto { $item } não tem a opção { $value }. Disponíveis: { $choices }.
action-refused-not-allowed = Essa alteração não pode ser feita por aqui.
action-on-platform = Na { $platform }, você mesmo faz essa alteração: abra o pedido no app ou na sua conta da { $platform } e escolha a opção lá. Se ela não aparecer, escreva para nós aqui e uma pessoa da equipe vai ajudar.
