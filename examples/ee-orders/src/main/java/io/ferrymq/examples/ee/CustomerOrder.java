package io.ferrymq.examples.ee;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One order row: PLACED by {@link OrderService} together with its message, SHIPPED by {@link OrderProcessor}. A JPA
 * entity, used by one transaction at a time.
 */
@Entity
@Table(name = "CUSTOMER_ORDER")
public class CustomerOrder {
    /** What an order goes through. */
    public enum Status { PLACED, SHIPPED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String item;
    private Status status;
    private Instant placedAt;
    private Instant shippedAt;

    protected CustomerOrder() {
        // for JPA
    }

    CustomerOrder(String item) {
        this.item = item;
        this.status = Status.PLACED;
        this.placedAt = Instant.now();
    }

    void ship() {
        status = Status.SHIPPED;
        shippedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getItem() {
        return item;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getPlacedAt() {
        return placedAt;
    }

    public Instant getShippedAt() {
        return shippedAt;
    }
}
