package dev.mirrorline.nbd;

/**
 * The numbers of the NBD protocol this server speaks, as the published protocol description
 * defines them (all sent in network byte order).
 */
final class NbdProtocol {

    private NbdProtocol() {
    }

    /** "NBDMAGIC": the first eight bytes a server sends. */
    static final long INIT_MAGIC = 0x4e42444d41474943L;
    /** "IHAVEOPT": the newstyle magic, also the prefix of every option a client sends. */
    static final long OPTION_MAGIC = 0x49484156454f5054L;
    /** Prefix of every option reply. */
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    /** Prefix of every transmission request. */
    static final int REQUEST_MAGIC = 0x25609513;
    /** Prefix of every simple reply. */
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    // handshake flags (server) and client flags
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int CLIENT_FLAG_FIXED_NEWSTYLE = 1;
    static final int CLIENT_FLAG_NO_ZEROES = 1 << 1;

    // transmission flags
    static final int TRANSMISSION_HAS_FLAGS = 1;
    static final int TRANSMISSION_READ_ONLY = 1 << 1;
    static final int TRANSMISSION_SEND_FLUSH = 1 << 2;
    static final int TRANSMISSION_SEND_FUA = 1 << 3;
    static final int TRANSMISSION_SEND_TRIM = 1 << 5;
    static final int TRANSMISSION_SEND_WRITE_ZEROES = 1 << 6;
    static final int TRANSMISSION_CAN_MULTI_CONN = 1 << 8;

    // options
    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;

    // option replies
    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x8000_0001;
    static final int REP_ERR_POLICY = 0x8000_0002;
    static final int REP_ERR_INVALID = 0x8000_0003;
    static final int REP_ERR_UNKNOWN = 0x8000_0006;
    static final int REP_ERR_SHUTDOWN = 0x8000_0007;

    // information types of NBD_REP_INFO
    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    // commands
    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;

    // command flags
    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 1 << 1;

    // errors of simple replies
    static final int EPERM = 1;
    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ESHUTDOWN = 108;

    /** The longest string (export name, message) the protocol allows, in bytes. */
    static final int MAX_STRING_BYTES = 4096;
    /** The largest minimum block size the protocol lets a server advertise. */
    static final int MAX_ADVERTISED_MINIMUM_BLOCK = 65536;
    /** Size of a transmission request header. */
    static final int REQUEST_HEADER_BYTES = 28;
}
