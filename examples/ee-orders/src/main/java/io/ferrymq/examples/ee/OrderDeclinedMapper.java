package io.ferrymq.examples.ee;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** Answers a declined order with 422 and the reason. Stateless; any request thread. */
@Provider
public class OrderDeclinedMapper implements ExceptionMapper<OrderDeclinedException> {
    @Override
    public Response toResponse(OrderDeclinedException e) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("declined", e.getMessage())).build();
    }
}
