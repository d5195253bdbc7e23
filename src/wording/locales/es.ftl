# kefu's replies in Spanish, neutral Latin American (español), tú.

# Reference and variables: en.ftl

## Small talk

greeting = ¡Hola! Te damos la bienvenida a { $shop }. ¿En qué te puedo ayudar hoy?
thanks = ¡Con gusto! ¿Hay algo más en lo que te pueda ayudar?
out-of-scope = Solo puedo ayudarte con pedidos, envíos, devoluciones y productos de { $shop }. ¿En qué te puedo ayudar?

## Answers quoted from the shop's own pages

from-shop = Esto es lo que indica { $shop }:
not-sure = No sé si puedo responder eso correctamente.

## Asking for what is missing

ask-order-id = ¿Me podrías dar tu número de pedido? Lo encuentras en la confirmación de tu pedido.
ask-country = ¿A qué país hay que enviarlo?
ask-photo = ¡Lamento mucho lo ocurrido! Por favor, envíanos una foto del producto y de su empaque, junto con tu número de pedido, para que nuestro equipo pueda resolverlo.
order-not-found = No encuentro el pedido { $order } en { $shop }. ¿Podrías revisar el número? Aparece en la confirmación de tu pedido.
order-verify = Para proteger tu pedido: ¿cuál es el correo electrónico, el teléfono o el código postal del pedido { $order }?
order-verify-mismatch = No coincide con el pedido { $order }. Indica el correo electrónico, el teléfono o el código postal con el que se hizo el pedido.

## Order status

order-pending = El pedido { $order } fue realizado y está pendiente de pago o confirmación.
order-processing = El pedido { $order } se está preparando y todavía no ha sido enviado.
order-shipped = El pedido { $order } fue enviado con { $carrier }. Número de seguimiento: { $tracking }.
order-shipped-untracked = El pedido { $order } fue enviado con { $carrier }.
order-delivered = El pedido { $order } fue entregado el { $date }.
order-cancelled = El pedido { $order } fue cancelado.
order-returned = El pedido { $order } fue devuelto.
order-return-requested = La devolución del pedido { $order } está en curso: el reembolso se hará cuando la tienda reciba los productos.
order-exchange-requested = El cambio del pedido { $order } está en curso.
order-eta = Entrega estimada: entre el { $from } y el { $to }.
order-eta-passed = El plazo estimado de entrega (del { $from } al { $to }) ya pasó. Si tu pedido no llega en unos días, escríbenos y lo investigaremos con la empresa de transporte.
order-last-update = Última actualización del seguimiento: { $date }.
order-track = Puedes rastrearlo aquí: { $url }
order-not-received = Si el seguimiento indica que fue entregado pero no lo recibiste, pregunta a tus vecinos y en tu oficina de correos local; si aún no aparece, responde aquí y una persona de nuestro equipo abrirá una investigación con la empresa de transporte.

## Shipping

shipping-intro = Envíos desde { $shop } a { $country }:
shipping-intro-other = Envíos desde { $shop } a { $country } (opciones de la tienda para todos los demás destinos):
shipping-option = { $carrier } ({ $service }): { $cost } { $currency }, { $min }–{ $max } días
shipping-none = Lo sentimos, por el momento { $shop } no hace envíos a { $country }.

## Returns

returns-window = Tienes { $days ->
        [one] { $days } día
       *[other] { $days } días
    } a partir de la entrega para devolver productos.
returns-until = El pedido { $order } fue entregado el { $date }, así que puedes devolverlo hasta el { $until }.
returns-expired = El pedido { $order } fue entregado el { $date }; el plazo de devolución de { $days ->
        [one] { $days } día
       *[other] { $days } días
    } terminó el { $until }. Si el producto tiene algún defecto, una persona de nuestro equipo todavía puede revisar tu caso.
returns-policy = Los detalles de la política de devoluciones de { $shop }:

## Complaints

complaint = Lamento mucho las molestias. Quiero solucionarlo: ¿me podrías decir tu número de pedido y qué salió mal?

## Hand-off to a person

handoff = Te estoy pasando con una persona de nuestro equipo. Normalmente te responderá en un plazo de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
handoff-closed = Te estoy pasando con una persona de nuestro equipo. En este momento estamos cerrados; te responderá cuando abramos el { $day ->
        [mon] lunes
        [tue] martes
        [wed] miércoles
        [thu] jueves
        [fri] viernes
        [sat] sábado
       *[sun] domingo
    } a las { $time } ({ $timezone }).

## Labels for facts quoted from the shop's data

label-price = Precio

## Products, from the catalogue (values quoted as the catalogue writes them follow)

attribute-intro = Esto es lo que dice la ficha del producto:
attribute-nearest-intro = Esto es lo que dice la ficha del producto que puede responder a tu pregunta:
price-intro = Estos son los precios de nuestro catálogo:
catalogue-yes = Sí, lo tenemos:
availability-yes = Sí, lo tenemos:
availability-sold-out = Lo siento, ahora mismo está agotado:
availability-none = Lo siento, no ofrecemos esa opción.
stock-in = disponible
stock-out = agotado
catalogue-none = Lo siento, no lo encuentro en nuestro catálogo.

## Actions on an order (cancel, new address, return, exchange)

action-ask-address = ¿Cuál es la nueva dirección de entrega del pedido { $order }? Escribe la calle y el número, la ciudad, el código postal y el país en un solo mensaje.
action-ask-address-again = No pude reconocer eso como una dirección completa. Escribe la calle y el número, la ciudad, el código postal y el país, por ejemplo: Av. Juárez 45, Guadalajara, 44100, México.
action-ask-option = ¿Qué { $option } quieres para { $item } en su lugar? Disponibles: { $choices }.
action-ask-items = ¿Qué artículos del pedido { $order } quieres devolver? Responde con sus números, o «todos»:
action-propose-cancel = Puedo cancelar el pedido { $order }:
action-propose-address = Puedo cambiar la dirección de entrega del pedido { $order } a:
action-propose-return = Puedo iniciar la devolución de estos productos del pedido { $order }:
action-propose-exchange = Puedo hacer este cambio en el pedido { $order }:
action-refund = El reembolso de { $amount } { $currency } se hará al método de pago que usaste.
action-return-refund = Cuando la tienda reciba los productos, se te reembolsarán { $amount } { $currency } al método de pago que usaste.
action-price-more = El nuevo producto cuesta { $amount } { $currency } más.
action-price-less = El nuevo producto cuesta { $amount } { $currency } menos; la diferencia se te reembolsará al método de pago que usaste.
action-price-same = El precio es el mismo.
action-confirm = ¿Procedo? Por favor, responde sí o no.
action-declined = De acuerdo, no se hizo ningún cambio en el pedido { $order }.
action-done-cancel = Listo: el pedido { $order } está cancelado.
action-done-address = Listo: el pedido { $order } se entregará en la nueva dirección.
action-done-return = Listo: la devolución del pedido { $order } quedó registrada. Envía los productos como indica la política de devoluciones de la tienda; el reembolso se hará cuando lleguen.
action-done-exchange = Listo: el cambio del pedido { $order } quedó registrado. Envía el producto como indica la política de devoluciones de la tienda; el nuevo se enviará cuando llegue.
action-with-shop = Tu solicitud sobre el pedido { $order } ya está con el equipo de la tienda; recibirás su respuesta aquí.
action-rejected = El equipo de la tienda no aprobó tu solicitud sobre el pedido { $order }, así que no se hizo ningún cambio.
action-expired = Tu solicitud sobre el pedido { $order } no se atendió a tiempo, así que no se hizo ningún cambio. Escríbenos de nuevo si todavía lo necesitas.
action-failed = El sistema de la tienda no aceptó el cambio en el pedido { $order }: { $error }. Una persona del equipo se encargará a partir de aquí.
action-unreachable = No se pudo conectar con el sistema de la tienda, así que todavía no hay nada confirmado para el pedido { $order }. Una persona del equipo se encargará a partir de aquí.
action-refused-cancel-shipped = El pedido { $order } ya fue enviado, así que ya no se puede cancelar. Cuando llegue, podrás devolverlo.
action-refused-address-shipped = El pedido { $order } ya fue enviado, así que ya no se puede cambiar su dirección de entrega.
action-refused-cancelled = El pedido { $order } está cancelado: no hay nada más que cambiar.
action-refused-under-way = El pedido { $order } ya tiene una devolución o un cambio en curso.
action-refused-not-delivered = El pedido { $order } todavía no ha sido entregado: los productos se pueden devolver o cambiar cuando lleguen.
action-refused-window = El plazo de devolución de { $days ->
        [one] { $days } día
       *[other] { $days } días
    } del pedido { $order } terminó el { $until }, así que ya no se puede devolver ni cambiar.
action-refused-not-returnable = Según la política de la tienda, { $item } no se puede devolver ni cambiar.
action-refused-unavailable = { $item } en { $value } no está disponible por el momento.
action-refused-no-variant = { $item } no viene en { $value }. Disponibles: { $choices }.
action-refused-not-allowed = Este cambio no se puede hacer por aquí.
action-on-platform = En { $platform } este cambio lo haces tú: abre el pedido en tu app o cuenta de { $platform } y elige la opción allí. Si no aparece, escríbenos aquí y una persona del equipo te ayudará.
