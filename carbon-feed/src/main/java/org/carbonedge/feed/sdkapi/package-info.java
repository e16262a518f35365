/**
 * The GSF Carbon Aware SDK Web API's read endpoints over what {@code carbonedge.grid-intensity} holds:
 * {@link org.carbonedge.feed.sdkapi.IntensityStore} (bounded, in memory), {@link org.carbonedge.feed.sdkapi.SdkQueries}
 * (the SDK's validation and arithmetic), {@link org.carbonedge.feed.sdkapi.SdkJson} (its JSON and
 * {@code ValidationProblemDetails}), {@link org.carbonedge.feed.sdkapi.SdkApiHandler} (HTTP, GET only, bounded
 * queries) and {@link org.carbonedge.feed.sdkapi.SdkApiService} (the topic follower and the listener, for
 * {@code carbonedge feed serve-sdk-api}).
 */
package org.carbonedge.feed.sdkapi;
