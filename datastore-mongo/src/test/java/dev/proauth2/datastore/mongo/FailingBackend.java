package dev.proauth2.datastore.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The emulator's memory backend, made to answer the next commands of one name with errors the test
 * chose, as a server does when a concurrent write beat the command. Every other command, and every
 * command once the errors are used up, runs as usual.
 */
final class FailingBackend extends MemoryBackend {

  private final String failedCommand;
  private final Queue<MongoServerError> errors = new ConcurrentLinkedQueue<>();

  /**
   * @param failedCommand the command name to fail, as the driver sends it, such as {@code
   *     findAndModify}
   */
  FailingBackend(String failedCommand) {
    this.failedCommand = failedCommand;
  }

  /** Makes the next command of that name fail with this error, after any queued before it. */
  void failNext(MongoServerError error) {
    errors.add(error);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (command.equals(failedCommand)) {
      MongoServerError error = errors.poll();
      if (error != null) {
        throw error;
      }
    }
    return super.handleCommand(channel, database, command, query);
  }
}
