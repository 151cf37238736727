package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** UNREGISTER_BROKER (104) and QUERY_DATA_VERSION (322) request header. */
public class UnregisterBrokerRequestHeader {
    @Required
    public String brokerName;
    @Required
    public String brokerAddr;
    @Required
    public String clusterName;
    @Required
    public Long brokerId;
}
