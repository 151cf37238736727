package io.ferrymq.remoting.protocol.header;

/** REGISTER_BROKER (103) response header: where a slave finds its master. */
public class RegisterBrokerResponseHeader {
    public String haServerAddr;
    public String masterAddr;
}
