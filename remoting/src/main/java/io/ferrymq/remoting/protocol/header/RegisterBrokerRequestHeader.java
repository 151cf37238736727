package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** REGISTER_BROKER (103) request header. */
public class RegisterBrokerRequestHeader {
    @Required
    public String brokerName;
    @Required
    public String brokerAddr;
    @Required
    public String clusterName;
    @Required
    public String haServerAddr;
    @Required
    public Long brokerId;
    public Long heartbeatTimeoutMillis;
    public Boolean enableActingMaster;
    public boolean compressed;
    public Integer bodyCrc32 = 0;
}
