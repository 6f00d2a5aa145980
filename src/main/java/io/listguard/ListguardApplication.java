package io.listguard;

import io.listguard.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Starts the service, or runs a command ({@code policies validate ...}) when the arguments name one. */
// Callers authenticate with API keys only: Boot's default user (and its logged password) would only confuse.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class ListguardApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(ListguardApplication.class, args);
    }
}
