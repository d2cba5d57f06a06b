/** Polish diminutives people sign forms with, folded, to the full first name they stand for (folded). */
export const NICKNAMES: Record<string, string> = {
  kasia: 'katarzyna', kaska: 'katarzyna', basia: 'barbara', gosia: 'malgorzata', malgosia: 'malgorzata', ania: 'anna', anka: 'anna',
  asia: 'joanna', aska: 'joanna', ola: 'aleksandra', magda: 'magdalena', zosia: 'zofia', ela: 'elzbieta', jola: 'jolanta',
  aga: 'agnieszka', marysia: 'maria', gabrysia: 'gabriela', jadzia: 'jadwiga', halinka: 'halina', krysia: 'krystyna', wiesia: 'wieslawa',
  tadek: 'tadeusz', zdzisiek: 'zdzislaw', czesiek: 'czeslaw', edek: 'edward', romek: 'roman', kazik: 'kazimierz', lucek: 'lucjan', dorotka: 'dorota', natalka: 'natalia', justynka: 'justyna', ewka: 'ewa', beatka: 'beata', iza: 'izabela',
  tomek: 'tomasz', kuba: 'jakub', bartek: 'bartlomiej', piotrek: 'piotr', wojtek: 'wojciech', jurek: 'jerzy', staszek: 'stanislaw',
  krzys: 'krzysztof', krzysiek: 'krzysztof', maciek: 'maciej', grzesiek: 'grzegorz', zbyszek: 'zbigniew', mietek: 'mieczyslaw',
  rysiek: 'ryszard', heniek: 'henryk', franek: 'franciszek', antek: 'antoni', janek: 'jan', jasiek: 'jan', adas: 'adam',
  darek: 'dariusz', slawek: 'slawomir', przemek: 'przemyslaw', szymek: 'szymon', olek: 'aleksander', lukaszek: 'lukasz',
  sasha: 'aleksander', sasza: 'aleksander', misza: 'michail', kola: 'mikolaj', wowa: 'wladimir', wlodek: 'wlodzimierz',
};

/** The full first name a (folded) first name stands for. */
export const fullFirstName = (first: string): string => NICKNAMES[first] ?? first;
