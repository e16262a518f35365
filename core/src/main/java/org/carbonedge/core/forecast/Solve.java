package org.carbonedge.core.forecast;

/** Small dense linear systems for the forecaster's per-horizon least squares (no library for a 3x3 solve). */
final class Solve {
    private Solve() {
    }

    /**
     * Solves the 3x3 system {@code a x = b} (row-major {@code a}) by Gaussian elimination with partial pivoting,
     * leaving {@code a} and {@code b} changed.
     *
     * @return false when the matrix is singular or the result is not finite ({@code x} is then undefined)
     */
    static boolean solve3(double[] a, double[] b, double[] x) {
        int n = 3;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot * n + c]) > 1e-300)) {
                return false;
            }
            if (pivot != c) {
                for (int j = 0; j < n; j++) {
                    double t = a[c * n + j];
                    a[c * n + j] = a[pivot * n + j];
                    a[pivot * n + j] = t;
                }
                double t = b[c];
                b[c] = b[pivot];
                b[pivot] = t;
            }
            for (int r = c + 1; r < n; r++) {
                double q = a[r * n + c] / a[c * n + c];
                for (int j = c; j < n; j++) {
                    a[r * n + j] -= q * a[c * n + j];
                }
                b[r] -= q * b[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int j = r + 1; j < n; j++) {
                s -= a[r * n + j] * x[j];
            }
            x[r] = s / a[r * n + r];
            if (!Double.isFinite(x[r])) {
                return false;
            }
        }
        return true;
    }
}
