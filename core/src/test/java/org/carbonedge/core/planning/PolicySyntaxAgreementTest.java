package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.carbonedge.schemas.validation.PolicySyntax;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients and the gateway check policy names with {@link PolicySyntax} (schemas module, no planner); the router
 * plans with {@link Policy#parse}. They must accept and reject the same names, or a request the gateway accepted
 * would be dead-lettered later (or one it refused would have been routed).
 */
class PolicySyntaxAgreementTest {

    static Stream<String> valid() {
        return Stream.of("performance", "balanced", "green", "carbon-agnostic", "monolithic", "paper-performance",
                "paper-balanced", "paper-green", " Green ", "PAPER-GREEN", "Carbon-Agnostic", null, "", "   ",
                "custom:0.1,0.2,0.3,0.1,0.3", "custom:1,0,0,0,0", "custom: 1 , 2 ,3,4, 5", "CUSTOM:0,0,0,0,1",
                "custom:1e-3,0,0,0,0", "custom:0.5,0.5,0.5,0.5,0.5,", "custom:1e6,1e6,0,0,0", "custom:4.9e-324,0,0,0,0");
    }

    static Stream<String> invalid() {
        return Stream.of("greenest", "custom", "custom:", "custom:1,2,3", "custom:1,2,3,4,5,6", "custom:1,2,x,4,5",
                "custom:0,0,0,0,0", "custom:-1,1,1,1,1", "custom:NaN,1,1,1,1", "custom:Infinity,1,1,1,1",
                "custom:1e309,0,0,0,0", "custom:1e300,1e300,0,0,0", "custom:1e308,1e308,1e308,1e308,1e308", "custom:1,,1,1,1", "paper", "green,balanced", "custom;1,1,1,1,1", "custom:1 2,1,1,1,1");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void bothAccept(String name) {
        assertThat(parse(name)).as("Policy.parse(%s)", name).isEmpty();
        assertThat(PolicySyntax.problem(name)).as("PolicySyntax.problem(%s)", name).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void bothReject(String name) {
        assertThat(parse(name)).as("Policy.parse(%s)", name).isPresent();
        assertThat(PolicySyntax.problem(name)).as("PolicySyntax.problem(%s)", name).isPresent();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void syntaxErrorsReadTheSameAsTheRouters(String name) {
        String parseMessage = parse(name).orElseThrow();
        // the planner's own weight-range message comes from Weights; every other reason is word for word the same
        if (!parseMessage.startsWith("weights must") && !parseMessage.startsWith("at least one weight")) {
            assertThat(PolicySyntax.problem(name)).contains(parseMessage);
        }
    }

    private static Optional<String> parse(String name) {
        try {
            Policy.parse(name);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
