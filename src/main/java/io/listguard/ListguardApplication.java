package io.listguard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ListguardApplication {
    public static void main(String[] args) {
        SpringApplication.run(ListguardApplication.class, args);
    }
}
