package care.iop.bench;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.Arrays;
import java.util.List;

/**
 * What Kafka Streams costs on this machine before the analytics topology's own work, for the replay benchmark: the
 * same topics, partitions and settings with a processor that only parses each event, and one that also puts a
 * fixed-size value per event in a logged RocksDB store (the analytics store's one write per event).
 */
final class FloorTopologies {

    private static final String STORE = "floor-values";
    private static final byte[] VALUE = new byte[128];

    static {
        Arrays.fill(VALUE, (byte) 'x');
    }

    private FloorTopologies() {
    }

    static Topology parseOnly(List<String> topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics, Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, Void, Void>() {
                    @Override
                    public void process(Record<String, String> record) {
                        EventJson.parse(record.value());
                    }
                });
        return builder.build();
    }

    static Topology parseAndPut(List<String> topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        builder.stream(topics, Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, Void, Void>() {
                    private KeyValueStore<String, byte[]> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(STORE);
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        CloudEvent event = EventJson.parse(record.value());
                        store.put(record.key() + "|" + event.id(), VALUE);
                    }
                }, STORE);
        return builder.build();
    }
}
