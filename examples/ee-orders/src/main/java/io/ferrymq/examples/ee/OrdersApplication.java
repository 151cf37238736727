package io.ferrymq.examples.ee;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: everything under {@code /ee-orders/api}. */
@ApplicationPath("api")
public class OrdersApplication extends Application {
}
