package org.carbonedge.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Checks a {@code --bind ADDRESS} before anything starts: an address of this machine (loopback, one of its
 * interfaces, or the wildcard {@code 0.0.0.0} / {@code ::}); anything else is one line and exit code 2 instead of a
 * bind failure deep inside the broker or Flink.
 */
public final class BindAddress {

    private BindAddress() {
    }

    public static void check(String option, String address) {
        if (address == null || address.isBlank() || address.length() > 255) {
            throw new UsageException("invalid value for option '" + option + "': an address is required");
        }
        InetAddress inet;
        try {
            inet = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new UsageException("invalid value for option '" + option + "': unknown host '" + address + "'");
        }
        if (inet.isAnyLocalAddress() || inet.isLoopbackAddress()) {
            return;
        }
        try {
            if (NetworkInterface.getByInetAddress(inet) == null) {
                throw new UsageException("invalid value for option '" + option + "': " + address
                        + " is not an address of this machine");
            }
        } catch (SocketException e) {
            throw new UsageException("invalid value for option '" + option + "': cannot list interfaces: " + e.getMessage());
        }
    }
}
