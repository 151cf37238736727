package io.ferrymq.examples.ee;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/orders} places an order ({@code {"item":"book"}}), {@code GET /api/orders} lists them. A
 * request-scoped JAX-RS resource; the transaction is {@link OrderService}'s.
 */
@Path("orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {
    /** The request body of a new order. */
    public record NewOrder(String item) {
    }

    /** An order as the endpoint shows it. */
    public record OrderView(long id, String item, String status, String placedAt, String shippedAt) {
        static OrderView of(CustomerOrder o) {
            return new OrderView(o.getId(), o.getItem(), o.getStatus().name(), String.valueOf(o.getPlacedAt()),
                    o.getShippedAt() == null ? null : o.getShippedAt().toString());
        }
    }

    @EJB
    private OrderService orders;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(NewOrder request) {
        if (request == null || request.item() == null || request.item().isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", "send {\"item\":\"...\"}"))
                    .build();
        }
        CustomerOrder placed = orders.place(request.item().strip());
        return Response.created(URI.create("orders/" + placed.getId())).entity(OrderView.of(placed)).build();
    }

    @GET
    public List<OrderView> list() {
        return orders.list().stream().map(OrderView::of).toList();
    }
}
