package dev.mirrorline.transport;

import io.grpc.LoadBalancerRegistry;
import io.grpc.internal.PickFirstLoadBalancerProvider;

/**
 * Makes gRPC usable inside OSGi.
 *
 * <p>gRPC finds its load-balancer providers with {@link java.util.ServiceLoader} in grpc-api's own
 * class loader; inside OSGi that loader sees no provider files, so channels fail with "Could not
 * find policy 'pick_first'". Registering the provider explicitly once fixes that, and is harmless
 * outside OSGi.
 */
final class GrpcRuntime {

    private static boolean initialised;

    private GrpcRuntime() {
    }

    /** Registers what gRPC cannot discover by itself; safe to call any number of times. */
    static synchronized void ensureInitialised() {
        if (initialised) {
            return;
        }
        LoadBalancerRegistry registry = LoadBalancerRegistry.getDefaultRegistry();
        if (registry.getProvider("pick_first") == null) {
            registry.register(new PickFirstLoadBalancerProvider());
        }
        initialised = true;
    }
}
