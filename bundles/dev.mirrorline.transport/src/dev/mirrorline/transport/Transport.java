package dev.mirrorline.transport;

/** Sizes that both ends of a Mirrorline connection agree on. */
final class Transport {

    /**
     * The largest message accepted: a batch of 512 writes of 4 KiB is 2 MiB plus framing; larger
     * writes make larger batches.
     */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    /**
     * The HTTP/2 flow-control window: with gRPC's default 64 KiB only one batch is on the way at a
     * time, and the stream stalls while the secondary flushes.
     */
    static final int FLOW_CONTROL_WINDOW_BYTES = 16 << 20;

    private Transport() {
    }
}
