package dev.tandem.spring.boot.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small Spring Boot application for the starter's tests: Spring Data JPA over {@code customers}, Actuator. */
@SpringBootApplication
public class ShopApplication {
}
