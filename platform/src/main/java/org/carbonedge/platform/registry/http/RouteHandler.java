package org.carbonedge.platform.registry.http;

/** One endpoint's logic; throws {@link org.carbonedge.platform.registry.core.RegistryException} to refuse. */
@FunctionalInterface
public interface RouteHandler {
    ApiReply handle(ApiRequest request);
}
