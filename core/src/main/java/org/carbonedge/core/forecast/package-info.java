/**
 * Grid-intensity forecasts for deferrable requests (#16): the built-in {@link
 * org.carbonedge.core.forecast.SeasonalForecaster} (source {@code carbonedge-seasonal}), the persistence and
 * seasonal-naive baselines it is measured against, and the rolling-origin {@link
 * org.carbonedge.core.forecast.RollingEvaluation} that scores any of them by MAPE per horizon. Forecasters see only a
 * {@link org.carbonedge.core.forecast.KnownHistory}: what had been measured by the issue time. Plain Java, like the
 * rest of core; turning forecasts into {@code GridIntensity} FORECAST records is carbon-feed's job.
 */
package org.carbonedge.core.forecast;
