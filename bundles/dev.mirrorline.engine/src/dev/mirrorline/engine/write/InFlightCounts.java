package dev.mirrorline.engine.write;

/**
 * The state of an {@link InFlightLog} at one instant, for the console's lag figures.
 *
 * @param outstandingUpdates how many updates were appended and not yet acknowledged
 * @param outstandingBytes how many bytes of update data those hold
 * @param highestAssigned the highest sequence number assigned so far (0 if none)
 * @param highestAcknowledged the highest sequence number acknowledged so far (0 if none)
 */
public record InFlightCounts(long outstandingUpdates, long outstandingBytes, long highestAssigned,
        long highestAcknowledged) {
}
