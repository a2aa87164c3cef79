package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who bosun acts as: the GitHub actor, else the OS user, also where a container sets no $USER. */
class ActionEnvActorTest {

  @Test
  void actorFirstThenUserVariablesThenTheAccountItself() {
    assertThat(
            new ActionEnv(Map.of("GITHUB_ACTOR", "octocat", "USER", "ann"), "root").actorOrUser())
        .isEqualTo("octocat");
    assertThat(new ActionEnv(Map.of("USER", "ann"), "root").actorOrUser()).isEqualTo("ann");
    assertThat(new ActionEnv(Map.of(), "runner").actorOrUser()).isEqualTo("runner");
  }

  @Test
  void unknownOnlyWhenTheAccountHasNoName() {
    assertThat(new ActionEnv(Map.of(), "?").actorOrUser()).isEqualTo("unknown");
    assertThat(new ActionEnv(Map.of(), null).actorOrUser()).isEqualTo("unknown");
  }
}
